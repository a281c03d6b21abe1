package org.auditml.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an ingest reports lost beside its events: events rejected (a Beat's event that is not Auditbeat JSON) per
 * host, and what a file's read reported (see {@link ReadLoss}). Committed in the transaction of the ingest's last
 * events, so that a store never holds the events without the losses that came with them, nor the other way round.
 */
public final class IngestLoss {
    public static final IngestLoss NONE = new IngestLoss();

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS rejected_events (host VARCHAR PRIMARY KEY, "
            + "events BIGINT NOT NULL)";

    private final Map<String, Long> rejected = new TreeMap<>();
    private final List<FileRead> reads = new ArrayList<>();

    private record FileRead(String host, String file, long fileBytes, long serialGaps, long malformedLines) {
    }

    /** Counts {@code events} rejected events of {@code host} ("" when the event did not say its host). */
    public IngestLoss rejected(String host, long events) {
        mutable();
        rejected.merge(host, events, Long::sum);
        return this;
    }

    /** What the read of a file (its name, without directories, and size) reported for a host; see {@link ReadLoss#put}. */
    public IngestLoss read(String host, String file, long fileBytes, long serialGaps, long malformedLines) {
        mutable();
        reads.add(new FileRead(host, file, fileBytes, serialGaps, malformedLines));
        return this;
    }

    private void mutable() {
        if (this == NONE) {
            throw new UnsupportedOperationException("IngestLoss.NONE holds nothing: make a new IngestLoss");
        }
    }

    boolean isEmpty() {
        return rejected.isEmpty() && reads.isEmpty();
    }

    /** Writes the counts on {@code connection}, inside the caller's transaction. */
    void write(Connection connection) throws SQLException {
        if (isEmpty()) {
            return;
        }
        try (PreparedStatement u = connection.prepareStatement("INSERT INTO rejected_events VALUES (?, ?) "
                + "ON CONFLICT (host) DO UPDATE SET events = rejected_events.events + excluded.events")) {
            for (Map.Entry<String, Long> e : rejected.entrySet()) {
                u.setString(1, e.getKey());
                u.setLong(2, e.getValue());
                u.executeUpdate();
            }
        }
        for (FileRead r : reads) {
            ReadLoss.put(connection, r.host(), r.file(), r.fileBytes(), r.serialGaps(), r.malformedLines());
        }
    }

    /** Events rejected so far, per host. */
    static Map<String, Long> rejectedByHost(Connection connection) {
        Map<String, Long> out = new TreeMap<>();
        try (var s = connection.createStatement(); var rs = s.executeQuery("SELECT host, events FROM rejected_events")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("rejected_events")) {
                return out; // a read-only store written before rejected events were counted
            }
            throw new StoreException("reading the rejected events failed: " + e.getMessage(), e);
        }
        return out;
    }
}

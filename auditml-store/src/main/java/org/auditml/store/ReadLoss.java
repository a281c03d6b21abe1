package org.auditml.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ingests' reads reported as possibly lost, per host: auditd serial gaps (records the kernel or auditd dropped)
 * and malformed lines. Kept per host and file (by its name and size: a file read again replaces what its earlier
 * read reported), summed on read.
 */
public final class ReadLoss {
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS read_loss (host VARCHAR NOT NULL, "
            + "file VARCHAR NOT NULL, file_bytes BIGINT NOT NULL, serial_gaps BIGINT NOT NULL, "
            + "malformed_lines BIGINT NOT NULL, PRIMARY KEY (host, file, file_bytes))";

    /** One host's losses. */
    public record HostLoss(long serialGaps, long malformedLines) {
    }

    private final Connection connection;

    ReadLoss(Connection connection) {
        this.connection = connection;
    }

    /** Records what the read of a file (its name, without directories, and size) reported for a host. */
    public void put(String host, String file, long fileBytes, long serialGaps, long malformedLines) {
        try {
            put(connection, host, file, fileBytes, serialGaps, malformedLines);
        } catch (SQLException e) {
            throw new StoreException("recording the read's losses failed: " + e.getMessage(), e);
        }
    }

    static void put(Connection connection, String host, String file, long fileBytes, long serialGaps,
                    long malformedLines) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement("INSERT OR REPLACE INTO read_loss VALUES (?, ?, ?, ?, ?)")) {
            u.setString(1, host);
            u.setString(2, file);
            u.setLong(3, fileBytes);
            u.setLong(4, serialGaps);
            u.setLong(5, malformedLines);
            u.executeUpdate();
        }
    }

    /** Every host's losses over all ingests, by host. */
    public Map<String, HostLoss> byHost() {
        Map<String, HostLoss> out = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT host, sum(serial_gaps), sum(malformed_lines) FROM read_loss GROUP BY host")) {
            while (rs.next()) {
                out.put(rs.getString(1), new HostLoss(rs.getLong(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("reading the reads' losses failed: " + e.getMessage(), e);
        }
        return out;
    }
}

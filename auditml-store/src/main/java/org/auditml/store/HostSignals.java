package org.auditml.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-host signals of data loss read from what the store holds: serial gaps and the usual gap between events are
 * derived from the stored events themselves (so they hold for every way events came in, count each event once
 * however often it was sent, and survive a restart); events rejected are counted as they come ({@link IngestLoss}).
 */
public final class HostSignals {
    private static final long MODULUS = 1L << 32;
    /** A jump of this many serials or more, forward or back, is a restart (a reboot resets the serial), not loss. */
    private static final long MAX_GAP = (1L << 24) - 1;

    /** One host's auditd serials: how many are missing, and how often the serial started again. */
    public record Serials(long gaps, long restarts) {
    }

    private final Connection connection;

    HostSignals(Connection connection) {
        this.connection = connection;
    }

    /**
     * Per host with auditd serials, the serials never stored: events taken in time order (then serial), each step
     * between serials taken modulo 2^32 (the serial wraps), restarts (steps of 2^24 or more, either way) cutting the
     * host's serials into runs; in each run, the serials its span covers that no event has. A serial stored late fills
     * its gap. Only the steps other than +1 are read; a host whose serials ever step back (a clock set back, a serial
     * stored twice) is counted again exactly, its serials unwrapped and the distinct ones counted.
     */
    public Map<String, Serials> serials() {
        Map<String, long[]> counts = new TreeMap<>(); // gaps, restarts
        Set<String> steppingBack = new TreeSet<>();
        String steps = "SELECT host, ((serial - lag(serial) OVER (PARTITION BY host ORDER BY ts, serial)) % " + MODULUS
                + " + " + MODULUS + ") % " + MODULUS + " AS a FROM events WHERE serial < " + EventIdentity.HASHED_SERIAL;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT host FROM events WHERE serial < "
                    + EventIdentity.HASHED_SERIAL)) {
                while (rs.next()) {
                    counts.put(rs.getString(1), new long[2]);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT host, a FROM (" + steps + ") WHERE a <> 1")) {
                while (rs.next()) {
                    long a = rs.getLong(2);
                    long[] c = counts.get(rs.getString(1));
                    if (a >= 2 && a <= MAX_GAP) {
                        c[0] += a - 1;
                    } else if (a == 0 || MODULUS - a <= MAX_GAP) {
                        steppingBack.add(rs.getString(1));
                    } else {
                        c[1]++;
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("counting serial gaps failed: " + e.getMessage(), e);
        }
        Map<String, Serials> out = new TreeMap<>();
        counts.forEach((host, c) -> out.put(host, steppingBack.contains(host) ? exactly(host) : new Serials(c[0], c[1])));
        return out;
    }

    /** One host's serial gaps counted over its unwrapped serials: right whatever their order, and slower. */
    private Serials exactly(String host) {
        String sql = "WITH steps AS (SELECT ts, serial, serial - lag(serial) OVER (ORDER BY ts, serial) AS d FROM events "
                + "WHERE host = ? AND serial < " + EventIdentity.HASHED_SERIAL + "), "
                + "ahead AS (SELECT ts, serial, coalesce(((d % " + MODULUS + ") + " + MODULUS + ") % " + MODULUS
                + ", 0) AS a FROM steps), "
                + "signed AS (SELECT ts, serial, CASE WHEN a <= " + MAX_GAP + " THEN a WHEN " + MODULUS + " - a <= "
                + MAX_GAP + " THEN a - " + MODULUS + " ELSE 0 END AS step, CASE WHEN a > " + MAX_GAP + " AND "
                + MODULUS + " - a > " + MAX_GAP + " THEN 1 ELSE 0 END AS restart FROM ahead), "
                + "runs AS (SELECT sum(step) OVER w AS u, sum(restart) OVER w AS run FROM signed "
                + "WINDOW w AS (ORDER BY ts, serial ROWS UNBOUNDED PRECEDING)) "
                + "SELECT coalesce(sum(span - seen), 0)::BIGINT, coalesce(max(run), 0)::BIGINT FROM "
                + "(SELECT run, max(u) - min(u) + 1 AS span, count(DISTINCT u) AS seen FROM runs GROUP BY run)";
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setString(1, host);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new Serials(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("counting the serial gaps of " + host + " failed: " + e.getMessage(), e);
        }
    }

    /** Per host with two events or more, the median time between one event and the next, in milliseconds. */
    public Map<String, Long> medianGapMillis() {
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT host, quantile_disc(gap, 0.5) FROM (SELECT host, ts - lag(ts) OVER "
                     + "(PARTITION BY host ORDER BY ts) AS gap FROM events) WHERE gap IS NOT NULL GROUP BY host")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("measuring the gaps between events failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Events rejected so far, per host ("" for events that did not say their host). */
    public Map<String, Long> rejectedEvents() {
        return IngestLoss.rejectedByHost(connection);
    }
}

package org.auditml.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

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
     * between serials unwrapped modulo 2^32, restarts (steps of 2^24 or more) cutting the host's serials into runs;
     * in each run, the serials its span covers that no event has. A serial stored late fills its gap.
     */
    public Map<String, Serials> serials() {
        String sql = "WITH steps AS (SELECT host, ts, serial, serial - lag(serial) OVER (PARTITION BY host ORDER BY ts, "
                + "serial) AS d FROM events WHERE serial < " + EventIdentity.HASHED_SERIAL + "), "
                + "ahead AS (SELECT host, ts, serial, coalesce(((d % " + MODULUS + ") + " + MODULUS + ") % " + MODULUS
                + ", 0) AS a FROM steps), "
                + "signed AS (SELECT host, ts, serial, CASE WHEN a <= " + MAX_GAP + " THEN a WHEN " + MODULUS + " - a <= "
                + MAX_GAP + " THEN a - " + MODULUS + " ELSE 0 END AS step, CASE WHEN a > " + MAX_GAP + " AND "
                + MODULUS + " - a > " + MAX_GAP + " THEN 1 ELSE 0 END AS restart FROM ahead), "
                + "runs AS (SELECT host, sum(step) OVER w AS u, sum(restart) OVER w AS run FROM signed "
                + "WINDOW w AS (PARTITION BY host ORDER BY ts, serial ROWS UNBOUNDED PRECEDING)) "
                + "SELECT host, sum(span - seen)::BIGINT, max(run)::BIGINT FROM (SELECT host, run, max(u) - min(u) + 1 AS span, "
                + "count(DISTINCT u) AS seen FROM runs GROUP BY host, run) GROUP BY host";
        Map<String, Serials> out = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), new Serials(rs.getLong(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("counting serial gaps failed: " + e.getMessage(), e);
        }
        return out;
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

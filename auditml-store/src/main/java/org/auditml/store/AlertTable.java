package org.auditml.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Alerts, one row per anomaly and sink: written pending in the transaction that commits the anomaly's results (so no
 * anomaly is committed without its alerts, nor alerted twice: the id is the result's id and the sink's name), then
 * marked sent once the sink took it. Each sink also has the time it was first configured: anomalies of earlier
 * buckets are not alerted (no flood of history when alerts are first set up).
 */
public final class AlertTable {
    static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS alerts (alert_id VARCHAR PRIMARY KEY, sink VARCHAR NOT NULL, job_id VARCHAR NOT NULL, "
                    + "ts BIGINT NOT NULL, score DOUBLE NOT NULL, body VARCHAR NOT NULL, created_at BIGINT NOT NULL, "
                    + "state VARCHAR NOT NULL, attempts INTEGER NOT NULL, next_attempt BIGINT NOT NULL, "
                    + "last_error VARCHAR, sent_at BIGINT)",
            "CREATE TABLE IF NOT EXISTS alert_sinks (sink VARCHAR PRIMARY KEY, since BIGINT NOT NULL)",
    };
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    /** Given up on after the sink's last attempt; kept, with its last error. */
    public static final String FAILED = "failed";

    private static final String COLUMNS = "alert_id, sink, job_id, ts, score, body, created_at, state, attempts, "
            + "next_attempt, last_error, sent_at";

    /**
     * One alert: {@code ts} is the anomaly's bucket time, {@code body} the JSON the sink is given, {@code nextAttempt}
     * when a pending alert is next tried.
     */
    public record Alert(String alertId, String sink, String jobId, long ts, double score, String body, long createdAt,
                        String state, int attempts, long nextAttempt, String lastError, Long sentAt) {
        /** A new alert, to be tried at once. */
        public static Alert pending(String alertId, String sink, String jobId, long ts, double score, String body, long now) {
            return new Alert(alertId, sink, jobId, ts, score, body, now, PENDING, 0, now, null, null);
        }
    }

    private final Connection connection;

    AlertTable(Connection connection) {
        this.connection = connection;
    }

    /** Adds alerts not there yet (an anomaly already alerted to a sink keeps its row). */
    void insertNew(List<Alert> alerts) throws SQLException {
        if (alerts.isEmpty()) {
            return;
        }
        try (PreparedStatement u = connection.prepareStatement("INSERT OR IGNORE INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?)")) {
            for (Alert a : alerts) {
                u.setString(1, a.alertId());
                u.setString(2, a.sink());
                u.setString(3, a.jobId());
                u.setLong(4, a.ts());
                u.setDouble(5, a.score());
                u.setString(6, a.body());
                u.setLong(7, a.createdAt());
                u.setString(8, a.state());
                u.setInt(9, a.attempts());
                u.setLong(10, a.nextAttempt());
                u.setString(11, a.lastError());
                u.setObject(12, a.sentAt());
                u.executeUpdate();
            }
        }
    }

    /**
     * When a sink was first configured on this store: {@code now} the first time it is asked, the same time on every
     * later call.
     */
    public long since(String sink, long now) {
        try {
            try (PreparedStatement u = connection.prepareStatement("INSERT OR IGNORE INTO alert_sinks VALUES (?, ?)")) {
                u.setString(1, sink);
                u.setLong(2, now);
                u.executeUpdate();
            }
            try (PreparedStatement q = connection.prepareStatement("SELECT since FROM alert_sinks WHERE sink = ?")) {
                q.setString(1, sink);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading when alert sink [" + sink + "] was set up failed: " + e.getMessage(), e);
        }
    }

    /** Pending alerts of these sinks due at {@code now} (oldest first), at most {@code limit}. */
    public List<Alert> due(long now, Collection<String> sinks, int limit) {
        if (sinks.isEmpty()) {
            return List.of();
        }
        List<Object> values = new ArrayList<>(List.of(now));
        values.addAll(sinks);
        return query("WHERE state = '" + PENDING + "' AND next_attempt <= ? AND sink IN (" + "?, ".repeat(sinks.size() - 1)
                + "?) ORDER BY created_at, alert_id LIMIT " + limit, values.toArray());
    }

    /** The latest alerts (newest first), at most {@code limit}. */
    public List<Alert> latest(int limit) {
        return query("ORDER BY created_at DESC, alert_id DESC LIMIT " + limit);
    }

    /** How many alerts are in each state, for a summary. */
    public long count(String state) {
        try (PreparedStatement q = connection.prepareStatement("SELECT count(*) FROM alerts WHERE state = ?")) {
            q.setString(1, state);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("counting alerts failed: " + e.getMessage(), e);
        }
    }

    /** Marks an alert delivered. */
    public void markSent(String alertId, int attempts, long now) {
        update("UPDATE alerts SET state = '" + SENT + "', attempts = ?, sent_at = ?, last_error = NULL WHERE alert_id = ?",
                attempts, now, alertId);
    }

    /** Records a failed attempt: the alert is tried again at {@code nextAttempt}, or, when {@code giveUp}, no more. */
    public void markFailed(String alertId, int attempts, long nextAttempt, String error, boolean giveUp) {
        update("UPDATE alerts SET state = ?, attempts = ?, next_attempt = ?, last_error = ? WHERE alert_id = ?",
                giveUp ? FAILED : PENDING, attempts, nextAttempt, error, alertId);
    }

    private void update(String sql, Object... values) {
        try (PreparedStatement u = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                u.setObject(i + 1, values[i]);
            }
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("updating an alert failed: " + e.getMessage(), e);
        }
    }

    private List<Alert> query(String whereAndOrder, Object... values) {
        List<Alert> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT " + COLUMNS + " FROM alerts " + whereAndOrder)) {
            for (int i = 0; i < values.length; i++) {
                q.setObject(i + 1, values[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long sentAt = rs.getLong(12);
                    Long sent = rs.wasNull() ? null : sentAt;
                    out.add(new Alert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getDouble(5),
                            rs.getString(6), rs.getLong(7), rs.getString(8), rs.getInt(9), rs.getLong(10),
                            rs.getString(11), sent));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the alerts failed: " + e.getMessage(), e);
        }
        return out;
    }
}

package org.auditml.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a real-time job's closed buckets held when it ran them, to find events stored after their bucket closed (late
 * events, which the job never sees): per job and bucket, how many events the store held in the bucket's span, how
 * many of them the job took, and how many it would have taken of those stored since (late).
 */
public final class LateEvents {
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS late_events (job_id VARCHAR NOT NULL, "
            + "bucket BIGINT NOT NULL, stored BIGINT NOT NULL, taken BIGINT NOT NULL, late BIGINT NOT NULL, "
            + "PRIMARY KEY (job_id, bucket))";

    /** One closed bucket of a job: the store's events in it, those the job took, those it missed being late. */
    public record Bucket(long bucket, long stored, long taken, long late) {
    }

    /** A job's late events: how many, and the latest bucket that had any (null: none). */
    public record Summary(long late, Long latestBucket) {
    }

    private final Connection connection;

    LateEvents(Connection connection) {
        this.connection = connection;
    }

    /** Records buckets (new ones as a run closed them, or checked ones with their late events). */
    void put(String jobId, List<Bucket> buckets) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement("INSERT OR REPLACE INTO late_events VALUES (?, ?, ?, ?, ?)")) {
            for (Bucket b : buckets) {
                u.setString(1, jobId);
                u.setLong(2, b.bucket());
                u.setLong(3, b.stored());
                u.setLong(4, b.taken());
                u.setLong(5, b.late());
                u.executeUpdate();
            }
        }
    }

    /** Records checked buckets with their late events, outside a run's commit (when no new bucket closed). */
    public void update(String jobId, List<Bucket> buckets) {
        try {
            put(jobId, buckets);
        } catch (SQLException e) {
            throw new StoreException("recording the late events of job [" + jobId + "] failed: " + e.getMessage(), e);
        }
    }

    /** The recorded buckets of a job in [from, to), by bucket time. */
    public Map<Long, Bucket> buckets(String jobId, long from, long to) {
        Map<Long, Bucket> out = new TreeMap<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT bucket, stored, taken, late FROM late_events "
                + "WHERE job_id = ? AND bucket >= ? AND bucket < ?")) {
            q.setString(1, jobId);
            q.setLong(2, from);
            q.setLong(3, to);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Bucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the late events of job [" + jobId + "] failed: " + e.getMessage(), e);
        }
        return out;
    }

    public Summary summary(String jobId) {
        try (PreparedStatement q = connection.prepareStatement("SELECT coalesce(sum(late), 0), max(bucket) FILTER "
                + "(WHERE late > 0) FROM late_events WHERE job_id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long late = rs.getLong(1);
                long latest = rs.getLong(2);
                return new Summary(late, rs.wasNull() ? null : latest);
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("late_events")) {
                return new Summary(0, null); // a read-only store written before late events were counted
            }
            throw new StoreException("reading the late events of job [" + jobId + "] failed: " + e.getMessage(), e);
        }
    }
}

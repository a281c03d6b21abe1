package org.auditml.store;

import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Elastic's anomaly-detection API keeps about jobs beside their configs: when a job was made, whether it is open,
 * its model snapshot's description and retention, and datafeeds by their own ids (a job made through the API has none
 * until one is put). Shares the store's connection; every change that touches more than one table is one transaction.
 */
public final class JobCatalog {
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS job_meta (job_id VARCHAR PRIMARY KEY, "
            + "create_time BIGINT NOT NULL, open BOOLEAN NOT NULL, snapshot_description VARCHAR, "
            + "snapshot_retain BOOLEAN NOT NULL)";

    /** Real-time datafeeds started and not stopped: they stay started when the service starts again. */
    static final String STARTED_TABLE = "CREATE TABLE IF NOT EXISTS started_datafeeds (datafeed_id VARCHAR PRIMARY KEY)";

    private final Connection connection;
    private final AuditStore store;

    JobCatalog(Connection connection, AuditStore store) {
        this.connection = connection;
        this.store = store;
    }

    /** A job's bookkeeping. */
    public record JobMeta(String jobId, long createTime, boolean open, String snapshotDescription,
                          boolean snapshotRetain) {
        public JobMeta withOpen(boolean isOpen) {
            return new JobMeta(jobId, createTime, isOpen, snapshotDescription, snapshotRetain);
        }

        public JobMeta withSnapshot(String description, boolean retain) {
            return new JobMeta(jobId, createTime, open, description, retain);
        }
    }

    /** A datafeed as stored: its id, its job and its config as Elastic's JSON. */
    public record DatafeedRow(String datafeedId, String jobId, String config) {
    }

    /** A job's config as JSON. */
    public Optional<String> jobConfig(String jobId) {
        return queryOne("SELECT config FROM jobs WHERE job_id = ?", jobId, rs -> rs.getString(1));
    }

    /** Saves a job's config alone (no datafeed), with its bookkeeping, in one transaction. */
    public void putJob(Job job, JobMeta meta) {
        store.inTransaction("saving job [" + job.jobId() + "]", () -> {
            update("INSERT OR REPLACE INTO jobs VALUES (?, ?)", job.jobId(), JobParser.toJson(job));
            writeMeta(meta);
        });
    }

    /** A job's bookkeeping; jobs saved before the API (by the command line) get it made on first read. */
    public Optional<JobMeta> meta(String jobId) {
        return queryOne("SELECT create_time, open, snapshot_description, snapshot_retain FROM job_meta WHERE job_id = ?",
                jobId, rs -> new JobMeta(jobId, rs.getLong(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4)));
    }

    public void putMeta(JobMeta meta) {
        store.inTransaction("saving the state of job [" + meta.jobId() + "]", () -> writeMeta(meta));
    }

    /** Removes a job with its datafeeds, results, snapshot and bookkeeping. */
    public void deleteJob(String jobId) {
        store.inTransaction("deleting job [" + jobId + "]", () -> {
            update("DELETE FROM started_datafeeds WHERE datafeed_id IN (SELECT datafeed_id FROM datafeeds WHERE job_id = ?)",
                    jobId);
            for (String table : List.of("jobs", "datafeeds", "results", "snapshots", "job_meta", "late_events")) {
                update("DELETE FROM " + table + " WHERE job_id = ?", jobId);
            }
        });
    }

    /** Removes a job's results and model snapshot, keeping its config: it starts again from no model. */
    public void resetJob(String jobId) {
        store.inTransaction("resetting job [" + jobId + "]", () -> {
            update("DELETE FROM results WHERE job_id = ?", jobId);
            update("DELETE FROM snapshots WHERE job_id = ?", jobId);
            update("DELETE FROM late_events WHERE job_id = ?", jobId);
        });
    }

    /** Every datafeed, by id. */
    public List<DatafeedRow> datafeeds() {
        List<DatafeedRow> rows = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT datafeed_id, job_id, config FROM datafeeds ORDER BY datafeed_id");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                rows.add(new DatafeedRow(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("reading the datafeeds failed: " + e.getMessage(), e);
        }
        return rows;
    }

    /** Saves a datafeed; a job has at most one, so it replaces the job's earlier one. */
    public void putDatafeed(DatafeedRow datafeed) {
        store.inTransaction("saving datafeed [" + datafeed.datafeedId() + "]", () -> {
            update("DELETE FROM datafeeds WHERE job_id = ? OR datafeed_id = ?", datafeed.jobId(), datafeed.datafeedId());
            update("INSERT INTO datafeeds VALUES (?, ?, ?)", datafeed.datafeedId(), datafeed.jobId(), datafeed.config());
        });
    }

    public void deleteDatafeed(String datafeedId) {
        store.inTransaction("deleting datafeed [" + datafeedId + "]", () -> {
            update("DELETE FROM started_datafeeds WHERE datafeed_id = ?", datafeedId);
            update("DELETE FROM datafeeds WHERE datafeed_id = ?", datafeedId);
        });
    }

    /** Records a real-time datafeed as started ({@code true}) or stopped. */
    public void setStarted(String datafeedId, boolean started) {
        store.inTransaction("saving the state of datafeed [" + datafeedId + "]", () -> {
            update("DELETE FROM started_datafeeds WHERE datafeed_id = ?", datafeedId);
            if (started) {
                update("INSERT INTO started_datafeeds VALUES (?)", datafeedId);
            }
        });
    }

    /** The real-time datafeeds recorded as started, by id. */
    public List<String> startedDatafeeds() {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT datafeed_id FROM started_datafeeds ORDER BY datafeed_id");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("started_datafeeds")) {
                return ids; // a read-only store written before datafeeds were kept started
            }
            throw new StoreException("reading the started datafeeds failed: " + e.getMessage(), e);
        }
        return ids;
    }

    /** Deletes a job's results from {@code fromTs} on (reverting to a snapshot with delete_intervening_results). */
    public void deleteResultsFrom(String jobId, long fromTs) {
        store.inTransaction("deleting results of job [" + jobId + "]", () -> {
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM results WHERE job_id = ? AND ts >= ?")) {
                d.setString(1, jobId);
                d.setLong(2, fromTs);
                d.executeUpdate();
            }
        });
    }

    private void writeMeta(JobMeta meta) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement("INSERT OR REPLACE INTO job_meta VALUES (?, ?, ?, ?, ?)")) {
            u.setString(1, meta.jobId());
            u.setLong(2, meta.createTime());
            u.setBoolean(3, meta.open());
            u.setString(4, meta.snapshotDescription());
            u.setBoolean(5, meta.snapshotRetain());
            u.executeUpdate();
        }
    }

    private void update(String sql, String... values) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                u.setString(i + 1, values[i]);
            }
            u.executeUpdate();
        }
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> queryOne(String sql, String key, Row<T> row) {
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading [" + key + "] failed: " + e.getMessage(), e);
        }
    }
}

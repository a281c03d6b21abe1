package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.job.JobFields;
import org.auditml.engine.result.ResultFields;
import org.auditml.store.AuditStore;
import org.auditml.store.JobCatalog;

import java.util.List;
import java.util.Optional;

/**
 * Model snapshots as Elastic's API shows them. auditml keeps one snapshot per job, the state after the last event it
 * took, committed with that run's results; its id is that event's time. It is always the job's active snapshot, so it
 * can be described, retained and reverted to, but not deleted.
 */
public final class MlSnapshots {
    private final AuditStore store;
    private final JobCatalog catalog;
    private final MlJobs jobs;
    private final AuditmlService service;

    MlSnapshots(AuditmlService service, AuditStore store, MlJobs jobs) {
        this.service = service;
        this.store = store;
        this.catalog = store.catalog();
        this.jobs = jobs;
    }

    /** {@code GET model_snapshots[/<id>]}: the job's snapshot when the id (or none, {@code _all}, {@code *}) names it. */
    public ObjectNode get(String jobId, String snapshotId, Long start, Long end) {
        List<ObjectNode> found = current(jobId)
                .filter(s -> snapshotId == null || snapshotId.equals("_all") || snapshotId.equals("*")
                        || snapshotId.equals(s.path("snapshot_id").asText()))
                .filter(s -> start == null || s.path(ResultFields.TIMESTAMP).asLong() >= start)
                .filter(s -> end == null || s.path(ResultFields.TIMESTAMP).asLong() < end)
                .stream().toList();
        if (found.isEmpty() && snapshotId != null && !snapshotId.equals("_all") && !snapshotId.equals("*")) {
            throw noSnapshot(jobId, snapshotId);
        }
        ObjectNode out = MlJobs.JSON.createObjectNode().put("count", found.size());
        ArrayNode docs = out.putArray("model_snapshots");
        found.forEach(docs::add);
        return out;
    }

    /** {@code _update}: the snapshot's description and whether it is retained. */
    public ObjectNode update(String jobId, String snapshotId, String body) {
        ObjectNode snapshot = snapshot(jobId, snapshotId);
        ObjectNode changes = MlJobs.object(body, "model snapshot update");
        changes.fieldNames().forEachRemaining(f -> {
            if (!f.equals("description") && !f.equals("retain")) {
                throw new RequestException("[update_model_snapshot] unknown field [" + f + "]");
            }
        });
        JobCatalog.JobMeta meta = jobs.meta(jobId);
        String description = changes.has("description") ? changes.get("description").asText()
                : snapshot.path("description").asText();
        boolean retain = changes.has("retain") ? changes.get("retain").asBoolean() : meta.snapshotRetain();
        catalog.putMeta(meta.withSnapshot(description, retain));
        return MlJobs.JSON.createObjectNode().put("acknowledged", true).set("model", snapshot(jobId, snapshotId));
    }

    /** {@code _revert}: a closed job goes back to its snapshot, which is where it is; results after it can go. */
    public ObjectNode revert(String jobId, String snapshotId, boolean deleteInterveningResults) {
        ObjectNode snapshot = snapshot(jobId, snapshotId);
        if (jobs.meta(jobId).open()) {
            throw RequestException.conflict("Can't revert model snapshot because job [" + jobId + "] is opened");
        }
        if (deleteInterveningResults) {
            catalog.deleteResultsFrom(jobId, snapshot.path("latest_record_time_stamp").asLong() + 1);
        }
        return MlJobs.JSON.createObjectNode().set("model", snapshot);
    }

    /** Deleting is refused: a job's only snapshot is its active one. */
    public void delete(String jobId, String snapshotId) {
        snapshot(jobId, snapshotId);
        throw new RequestException("Model snapshot '" + snapshotId + "' is the active snapshot for job '" + jobId
                + "', so cannot be deleted");
    }

    private ObjectNode snapshot(String jobId, String snapshotId) {
        return current(jobId).filter(s -> s.path("snapshot_id").asText().equals(snapshotId))
                .orElseThrow(() -> noSnapshot(jobId, snapshotId));
    }

    private static RequestException noSnapshot(String jobId, String snapshotId) {
        return RequestException.notFound("No model snapshot with id [" + snapshotId + "] exists for job [" + jobId + "]");
    }

    private Optional<ObjectNode> current(String jobId) {
        jobs.job(jobId);
        JobCatalog.JobMeta meta = jobs.meta(jobId);
        return store.snapshot(jobId).map(s -> {
            ObjectNode doc = MlJobs.JSON.createObjectNode().put(JobFields.JOB_ID, jobId).put("min_version", "6.4.0")
                    .put(ResultFields.TIMESTAMP, s.watermark())
                    .put("description", meta.snapshotDescription() != null ? meta.snapshotDescription()
                            : "State persisted after the events up to " + java.time.Instant.ofEpochMilli(s.watermark()))
                    .put("snapshot_id", String.valueOf(s.watermark())).put("snapshot_doc_count", 1);
            doc.set("model_size_stats", service.modelSizeStats(jobId));
            doc.put("latest_record_time_stamp", s.watermark());
            List<String> buckets = store.results(jobId, ResultFields.TYPE_BUCKET, Long.MIN_VALUE, Long.MAX_VALUE);
            if (!buckets.isEmpty()) {
                JsonNode last = MlJobs.tree(buckets.get(buckets.size() - 1));
                doc.put("latest_result_time_stamp", last.path(ResultFields.TIMESTAMP).asLong());
            }
            doc.put("retain", meta.snapshotRetain());
            return doc;
        });
    }
}

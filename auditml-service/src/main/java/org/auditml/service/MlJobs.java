package org.auditml.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.datafeed.Datafeed;
import org.auditml.engine.datafeed.DatafeedParser;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobFields;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.ResultFields;
import org.auditml.store.AuditStore;
import org.auditml.store.JobCatalog;
import org.auditml.store.LateEvents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Anomaly-detection jobs as Elastic's {@code _ml/anomaly_detectors} API handles them: put, get (ids, groups,
 * wildcards), update, open and close, reset, delete, stats, flush, validate, and events posted to an open job. Bodies
 * in and documents out are Elastic's JSON. Jobs made on the command line are here too; they count as open.
 */
public final class MlJobs {
    static final ObjectMapper JSON = new ObjectMapper();
    /** What Elastic lets {@code _update} change; anything else in the body is refused by name. */
    private static final Set<String> UPDATABLE = Set.of(JobFields.DESCRIPTION, JobFields.GROUPS,
            JobFields.CUSTOM_SETTINGS, JobFields.MODEL_PLOT_CONFIG, JobFields.ANALYSIS_LIMITS,
            JobFields.RENORMALIZATION_WINDOW_DAYS, "detectors", "background_persist_interval", "results_retention_days",
            "model_snapshot_retention_days", "daily_model_snapshot_retention_after_days", "allow_lazy_open",
            "model_prune_window", "per_partition_categorization");
    /** The version auditml's job documents say they were made with (the Elastic API version it follows). */
    static final String JOB_VERSION = "8.15.0";

    private final AuditmlService service;
    private final AuditStore store;
    private final JobCatalog catalog;
    private final Clock clock;

    MlJobs(AuditmlService service, AuditStore store, Clock clock) {
        this.service = service;
        this.store = store;
        this.catalog = store.catalog();
        this.clock = clock;
    }

    /** Makes a job ({@code PUT _ml/anomaly_detectors/<id>}); its id is taken unless the path's. */
    public ObjectNode put(String jobId, String body) {
        if (store.jobIds().contains(jobId)) {
            throw RequestException.exists("The job cannot be created with the Id '" + jobId + "'. The Id is already used.");
        }
        Job job = parseWithPathId(body, jobId);
        new Rulebook(store).checkFilters(job); // a rule's filter must exist, as Elastic checks it
        catalog.putJob(job, new JobCatalog.JobMeta(jobId, clock.millis(), false, null, false));
        return document(jobId);
    }

    /** Jobs the expression names, as Elastic's GET returns them. */
    public List<ObjectNode> get(String expression, boolean allowNoMatch) {
        return resolve(expression, allowNoMatch).stream().map(this::document).toList();
    }

    /** The ids the expression names: ids, groups, wildcards, {@code _all}. */
    public List<String> resolve(String expression, boolean allowNoMatch) {
        return IdExpression.resolve(expression, store.jobIds(), id -> job(id).groups(), allowNoMatch, "job");
    }

    /** A saved job; refused as not found when there is none. */
    public Job job(String jobId) {
        String config = catalog.jobConfig(jobId).orElseThrow(() -> RequestException.notFound("No known job with id '"
                + jobId + "'"));
        return JobParser.parse(config, jobId);
    }

    /** The job's bookkeeping; a job the command line made is open and was made when first asked about. */
    JobCatalog.JobMeta meta(String jobId) {
        job(jobId);
        return catalog.meta(jobId).orElseGet(() -> {
            JobCatalog.JobMeta made = new JobCatalog.JobMeta(jobId, clock.millis(), true, null, false);
            catalog.putMeta(made);
            return made;
        });
    }

    /** Changes what Elastic lets change; the job stays as it was if the result is not a valid job. */
    public ObjectNode update(String jobId, String body) {
        Job job = job(jobId);
        ObjectNode changes = object(body, "job update");
        ObjectNode config = (ObjectNode) JSON.valueToTree(job);
        for (Iterator<String> it = changes.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!UPDATABLE.contains(name)) {
                throw new RequestException("[job_update] unknown field [" + name + "]");
            }
            if (name.equals("detectors")) {
                updateDetectors(config, changes.get(name));
            } else if (name.equals(JobFields.ANALYSIS_LIMITS) || name.equals(JobFields.MODEL_PLOT_CONFIG)
                    || name.equals(JobFields.DESCRIPTION) || name.equals(JobFields.GROUPS)
                    || name.equals(JobFields.CUSTOM_SETTINGS) || name.equals(JobFields.RENORMALIZATION_WINDOW_DAYS)) {
                config.set(name, changes.get(name));
            }
            // the retention and persistence settings have no effect on auditml's store; accepted as Elastic does
        }
        Job updated = JobParser.parse(config.toString(), jobId);
        catalog.putJob(updated, meta(jobId));
        return document(jobId);
    }

    private static void updateDetectors(ObjectNode config, JsonNode updates) {
        ArrayNode detectors = (ArrayNode) config.with(JobFields.ANALYSIS_CONFIG).get("detectors");
        for (JsonNode u : updates) {
            int index = u.path("detector_index").asInt(-1);
            if (index < 0 || index >= detectors.size()) {
                throw new RequestException("[detectors] detector_index must be from 0 to " + (detectors.size() - 1)
                        + "; was " + u.path("detector_index"));
            }
            ObjectNode d = (ObjectNode) detectors.get(index);
            u.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("detector_index")) {
                    d.set(f.getKey().equals("description") ? "detector_description" : f.getKey(), f.getValue());
                }
            });
        }
    }

    public void open(String jobId) {
        catalog.putMeta(meta(jobId).withOpen(true));
    }

    /** Closes the jobs the expression names (a started datafeed must be stopped first, unless forced). */
    public List<String> close(String expression, boolean force, boolean allowNoMatch, MlDatafeeds datafeeds) {
        List<String> ids = resolve(expression, allowNoMatch);
        for (String id : ids) {
            Optional<String> started = datafeeds.startedFor(id);
            if (started.isPresent()) {
                if (!force) {
                    throw RequestException.conflict("cannot close job [" + id + "], datafeed hasn't been stopped");
                }
                datafeeds.stop(started.get(), true);
            }
            catalog.putMeta(meta(id).withOpen(false));
        }
        return ids;
    }

    /** Deletes a job with its results and snapshot; an open job only with force, a job with a datafeed never. */
    public void delete(String jobId, boolean force, MlDatafeeds datafeeds) {
        JobCatalog.JobMeta meta = meta(jobId);
        Optional<String> datafeed = datafeeds.idFor(jobId);
        if (datafeed.isPresent() && !force) {
            throw RequestException.conflict("Cannot delete job [" + jobId + "] because datafeed [" + datafeed.get()
                    + "] refers to it");
        }
        if (meta.open() && !force) {
            throw RequestException.conflict("Cannot delete job [" + jobId + "] because the job is opened");
        }
        datafeed.ifPresent(d -> datafeeds.stop(d, true));
        catalog.deleteJob(jobId);
    }

    /** Deletes a closed job's results and model, keeping its config. */
    public void reset(String jobId) {
        if (meta(jobId).open()) {
            throw RequestException.conflict("Can only reset a job that is closed; job [" + jobId + "] is opened");
        }
        catalog.resetJob(jobId);
    }

    /** Checks a job config without saving it. */
    public void validate(String body) {
        JobParser.parse(body, object(body, "job").path(JobFields.JOB_ID).asText("validate"));
    }

    /** Checks one detector config without saving it. */
    public void validateDetector(String body) {
        ObjectNode detector = object(body, "detector");
        ObjectNode job = JSON.createObjectNode();
        job.putObject(JobFields.ANALYSIS_CONFIG).put("bucket_span", "15m").putArray("detectors").add(detector);
        job.putObject(JobFields.DATA_DESCRIPTION).put("time_field", "@timestamp");
        JobParser.parse(job.toString(), "validate-detector");
    }

    /**
     * Events posted to an open job ({@code POST _ml/anomaly_detectors/<id>/_data}): Auditbeat JSON documents or raw
     * audit lines. As every auditml job analyses the store, they are stored with the store's other events, and the job
     * goes on from where it stopped over the stored events its datafeed (none: every event) selects.
     */
    public ObjectNode postData(String jobId, InputStream body) {
        if (!meta(jobId).open()) {
            throw RequestException.conflict("Cannot post data to job [" + jobId + "] because the job is not open");
        }
        Job job = job(jobId);
        Optional<String> datafeedJson = store.datafeed(jobId);
        Datafeed datafeed = datafeedJson.map(d -> DatafeedParser.parse(d, jobId)).orElseGet(() -> Datafeed.matchAll(jobId));
        Path file = null;
        try {
            file = Files.createTempFile(store.file().toAbsolutePath().getParent(), "auditml-data-", ".ndjson");
            Files.copy(body, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            service.analyze(new AnalysisRequest(List.of(file), List.of(), List.of(new Module.SetUpJob(job, datafeed)),
                    "", null, null, "localhost"), IngestListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the posted data: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind holds nothing the store lacks
                }
            }
        }
        if (datafeedJson.isEmpty()) {
            store.catalog().datafeeds().stream().filter(d -> d.jobId().equals(jobId))
                    .forEach(d -> store.catalog().deleteDatafeed(d.datafeedId()));
        }
        return dataCounts(jobId);
    }

    /** {@code _flush}: auditml closes every bucket at the end of a run, so there is nothing left to flush. */
    public ObjectNode flush(String jobId) {
        if (!meta(jobId).open()) {
            throw RequestException.conflict("Cannot flush because job [" + jobId + "] is not open");
        }
        ObjectNode out = JSON.createObjectNode().put("flushed", true);
        lastBucket(jobId).ifPresent(b -> out.put("last_finalized_bucket_end", b.path(ResultFields.TIMESTAMP).asLong()
                + b.path(JobFields.BUCKET_SPAN).asLong() * 1000));
        return out;
    }

    /** {@code _stats}: state, data counts, model size, as Elastic reports them. */
    public List<ObjectNode> stats(String expression, boolean allowNoMatch) {
        List<ObjectNode> out = new ArrayList<>();
        for (String id : resolve(expression, allowNoMatch)) {
            ObjectNode s = JSON.createObjectNode().put(JobFields.JOB_ID, id);
            s.set("data_counts", dataCounts(id));
            s.set("model_size_stats", service.modelSizeStats(id));
            s.putObject("forecasts_stats").put("total", 0).put("forecasted_jobs", 0);
            s.put("state", meta(id).open() ? "opened" : "closed");
            ObjectNode timing = s.putObject("timing_stats").put(JobFields.JOB_ID, id);
            timing.put("bucket_count", s.path("data_counts").path("bucket_count").asLong());
            out.add(s);
        }
        return out;
    }

    /** A job as Elastic's GET returns it. */
    ObjectNode document(String jobId) {
        Job job = job(jobId);
        JobCatalog.JobMeta meta = meta(jobId);
        ObjectNode doc = JSON.createObjectNode().put(JobFields.JOB_ID, jobId).put("job_type", "anomaly_detector")
                .put("job_version", JOB_VERSION);
        ObjectNode config = JSON.valueToTree(job);
        config.remove(JobFields.JOB_ID);
        doc.setAll(config);
        doc.put("create_time", meta.createTime());
        store.snapshot(jobId).ifPresent(s -> doc.put("model_snapshot_id", String.valueOf(s.watermark())));
        doc.put("model_snapshot_retention_days", 10).put("daily_model_snapshot_retention_after_days", 1)
                .put("results_index_name", "shared").put("allow_lazy_open", false);
        store.datafeed(jobId).ifPresent(d -> doc.set("datafeed_config", tree(d)));
        return doc;
    }

    /** Elastic's data_counts, from the job's stored buckets (events per bucket) and its snapshot. */
    ObjectNode dataCounts(String jobId) {
        long processed = 0;
        long buckets = 0;
        long empty = 0;
        Long earliest = null;
        for (String doc : store.results(jobId, ResultFields.TYPE_BUCKET, Long.MIN_VALUE, Long.MAX_VALUE)) {
            JsonNode b = tree(doc);
            long events = b.path(ResultFields.EVENT_COUNT).asLong();
            processed += events;
            buckets++;
            if (events == 0) {
                empty++;
            } else if (earliest == null) {
                earliest = b.path(ResultFields.TIMESTAMP).asLong();
            }
        }
        ObjectNode c = JSON.createObjectNode().put(JobFields.JOB_ID, jobId).put("processed_record_count", processed)
                .put("processed_field_count", 0).put("input_bytes", 0).put("input_field_count", 0)
                .put("invalid_date_count", 0).put("missing_field_count", 0).put("out_of_order_timestamp_count", 0)
                .put("empty_bucket_count", empty).put("sparse_bucket_count", 0).put("bucket_count", buckets)
                .put("input_record_count", processed);
        if (earliest != null) {
            c.put("earliest_record_timestamp", earliest);
        }
        store.snapshot(jobId).ifPresent(s -> c.put("latest_record_timestamp", s.watermark()));
        // events stored after their bucket closed (real-time datafeeds): never analysed, so said here
        LateEvents.Summary late = store.lateEvents().summary(jobId);
        c.put("delayed_record_count", late.late());
        if (late.latestBucket() != null) {
            c.put("latest_delayed_bucket_timestamp", late.latestBucket());
            c.put("delayed_data_annotation", "Datafeed has missed " + late.late() + " documents due to ingest latency, "
                    + "latest bucket with missing data: [" + Instant.ofEpochMilli(late.latestBucket())
                    + "]. Consider increasing query_delay");
        }
        return c;
    }

    private Optional<JsonNode> lastBucket(String jobId) {
        List<String> docs = store.results(jobId, ResultFields.TYPE_BUCKET, Long.MIN_VALUE, Long.MAX_VALUE);
        return docs.isEmpty() ? Optional.empty() : Optional.of(tree(docs.get(docs.size() - 1)));
    }

    private static Job parseWithPathId(String body, String jobId) {
        ObjectNode config = object(body, "job");
        JsonNode own = config.get(JobFields.JOB_ID);
        if (own != null && !own.asText().equals(jobId)) {
            throw new RequestException("Inconsistent job_id; '" + own.asText() + "' specified in the body differs from '"
                    + jobId + "' specified as a URL argument");
        }
        return JobParser.parse(body, jobId);
    }

    static ObjectNode object(String body, String what) {
        JsonNode node = tree(body == null || body.isBlank() ? "{}" : body);
        if (!node.isObject()) {
            throw new RequestException("a " + what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RequestException("not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}

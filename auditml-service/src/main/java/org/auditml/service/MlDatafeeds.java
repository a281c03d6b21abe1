package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.audit.AuditEventView;
import org.auditml.engine.datafeed.Datafeed;
import org.auditml.engine.datafeed.DatafeedFields;
import org.auditml.engine.datafeed.DatafeedParser;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.Job;
import org.auditml.engine.module.Module;
import org.auditml.service.alert.Alerting;
import org.auditml.store.AuditStore;
import org.auditml.store.JobCatalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datafeeds as Elastic's {@code _ml/datafeeds} API handles them. A datafeed selects the store's events for its job:
 * started with an end, it runs its job over the stored events up to that end and stops; started without one, it runs
 * in real time on the service's clock: over the buckets closed by then (query delay included), then again every
 * {@code frequency} over the buckets closed since ({@link #runDue}, see {@link RealTimeRun}). A real-time datafeed
 * stays started, in the store, until it is stopped: a service opened again on the store runs it on.
 */
public final class MlDatafeeds {
    private final AuditStore store;
    private final JobCatalog catalog;
    private final MlJobs jobs;
    private final Clock clock;
    private final Alerting alerting;
    /** Started datafeeds, each with the end it runs to (empty: real time). */
    private final Map<String, Optional<Instant>> started = new ConcurrentHashMap<>();
    /** Each real-time datafeed's last run. */
    private final Map<String, LastRun> lastRun = new ConcurrentHashMap<>();

    /** A real-time datafeed's last run: when, the span of events it took, how many it read, the runs so far. */
    private record LastRun(long at, long from, long to, long eventsRead, long runs) {
    }

    MlDatafeeds(AuditStore store, MlJobs jobs, Clock clock, Alerting alerting) {
        this.store = store;
        this.catalog = store.catalog();
        this.jobs = jobs;
        this.clock = clock;
        this.alerting = alerting;
        catalog.startedDatafeeds().forEach(id -> started.put(id, Optional.empty()));
    }

    /** Makes a datafeed ({@code PUT _ml/datafeeds/<id>}); its job must exist and have no other datafeed. */
    public ObjectNode put(String datafeedId, String body) {
        if (find(datafeedId).isPresent()) {
            throw RequestException.exists("A datafeed with id [" + datafeedId + "] already exists");
        }
        ObjectNode config = MlJobs.object(body, "datafeed");
        String jobId = config.path(DatafeedFields.JOB_ID).asText(null);
        if (jobId == null) {
            throw new RequestException("[datafeed_config] job_id must be set");
        }
        jobs.job(jobId);
        idFor(jobId).ifPresent(other -> {
            throw RequestException.exists("A datafeed [" + other + "] already exists for job [" + jobId + "]");
        });
        save(datafeedId, config);
        return document(datafeedId);
    }

    /** Datafeeds the expression names, as Elastic's GET returns them. */
    public List<ObjectNode> get(String expression, boolean allowNoMatch) {
        return resolve(expression, allowNoMatch).stream().map(this::document).toList();
    }

    public List<String> resolve(String expression, boolean allowNoMatch) {
        List<String> ids = catalog.datafeeds().stream().map(JobCatalog.DatafeedRow::datafeedId).toList();
        return IdExpression.resolve(expression, ids, id -> List.of(), allowNoMatch, "datafeed");
    }

    /** Changes a stopped datafeed; the result must be a valid datafeed. */
    public ObjectNode update(String datafeedId, String body) {
        JobCatalog.DatafeedRow row = row(datafeedId);
        if (started.containsKey(datafeedId)) {
            throw RequestException.conflict("Cannot update datafeed [" + datafeedId + "] while its status is started");
        }
        ObjectNode config = (ObjectNode) MlJobs.tree(row.config());
        ObjectNode changes = MlJobs.object(body, "datafeed update");
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(DatafeedFields.DATAFEED_ID)) {
                throw new RequestException("[datafeed_update] unknown field [datafeed_id]");
            }
            config.set(f.getKey(), f.getValue());
        }
        jobs.job(config.path(DatafeedFields.JOB_ID).asText());
        save(datafeedId, config);
        return document(datafeedId);
    }

    public void delete(String datafeedId, boolean force) {
        row(datafeedId);
        if (started.containsKey(datafeedId)) {
            if (!force) {
                throw RequestException.conflict("Cannot delete datafeed [" + datafeedId + "] while its status is started");
            }
            started.remove(datafeedId);
            lastRun.remove(datafeedId);
        }
        catalog.deleteDatafeed(datafeedId);
    }

    /**
     * Starts a datafeed: its job (which must be open) runs over the stored events from {@code start} (null: where it
     * stopped) to {@code end} (null: the latest stored event, and on as events are stored).
     */
    public void start(String datafeedId, Instant start, Instant end) {
        JobCatalog.DatafeedRow row = row(datafeedId);
        if (started.containsKey(datafeedId)) {
            throw RequestException.conflict("cannot start datafeed [" + datafeedId + "] because it has already been started");
        }
        if (!jobs.meta(row.jobId()).open()) {
            throw RequestException.conflict("cannot start datafeed [" + datafeedId + "] because job [" + row.jobId()
                    + "] is closed");
        }
        if (start != null && end != null && !start.isBefore(end)) {
            throw new RequestException("start [" + start.toEpochMilli() + "] must be earlier than end ["
                    + end.toEpochMilli() + "]");
        }
        started.put(datafeedId, Optional.ofNullable(end));
        if (end != null) {
            try {
                run(row, start, end);
            } finally {
                started.remove(datafeedId);
            }
            return;
        }
        catalog.setStarted(datafeedId, true);
        runRealTime(row, start == null ? Long.MIN_VALUE + 1 : start.toEpochMilli());
    }

    /** Runs every real-time datafeed now over the buckets closed since its last run (none when no bucket closed). */
    public void runStarted() {
        run(false);
    }

    /**
     * Runs each real-time datafeed whose {@code frequency} has passed since its last run over the buckets closed
     * since: what the server does every few seconds.
     */
    public void runDue() {
        run(true);
    }

    private void run(boolean onlyDue) {
        long now = clock.millis();
        for (String id : List.copyOf(started.keySet())) {
            Optional<JobCatalog.DatafeedRow> row = find(id);
            if (row.isEmpty()) {
                started.remove(id);
                continue;
            }
            LastRun last = lastRun.get(id);
            if (!onlyDue || last == null || now - last.at() >= frequency(setUp(row.get())).toMillis()) {
                runRealTime(row.get(), Long.MIN_VALUE + 1);
            }
        }
    }

    private void runRealTime(JobCatalog.DatafeedRow row, long start) {
        long now = clock.millis();
        RealTimeRun.Outcome run = new RealTimeRun(store, setUp(row)).run(now, start, alerting);
        LastRun before = lastRun.get(row.datafeedId());
        lastRun.put(row.datafeedId(), new LastRun(now, run.from(), run.to(), run.eventsRead(),
                before == null ? 1 : before.runs() + 1));
    }

    /** How many stored events the datafeed's last real-time run read (0 before its first). */
    long eventsReadLastRun(String datafeedId) {
        LastRun last = lastRun.get(datafeedId);
        return last == null ? 0 : last.eventsRead();
    }

    /**
     * Elastic's default {@code frequency} when the datafeed sets none: the bucket span up to 2 minutes, 1 minute up to
     * 20, 10 minutes up to 12 hours, else an hour.
     */
    static Duration frequency(Module.SetUpJob setUp) {
        if (setUp.datafeed().frequency() != null) {
            return setUp.datafeed().frequency();
        }
        Duration span = setUp.job().analysisConfig().bucketSpan();
        if (span.compareTo(Duration.ofMinutes(2)) <= 0) {
            return span;
        }
        if (span.compareTo(Duration.ofMinutes(20)) <= 0) {
            return Duration.ofMinutes(1);
        }
        return span.compareTo(Duration.ofHours(12)) <= 0 ? Duration.ofMinutes(10) : Duration.ofHours(1);
    }

    /** Stops the datafeeds the expression names. */
    public List<String> stop(String expression, boolean allowNoMatch) {
        List<String> ids = resolve(expression, allowNoMatch);
        for (String id : ids) {
            if (started.remove(id) != null) {
                catalog.setStarted(id, false);
            }
            lastRun.remove(id);
        }
        return ids;
    }

    public List<ObjectNode> stats(String expression, boolean allowNoMatch) {
        List<ObjectNode> out = new ArrayList<>();
        for (String id : resolve(expression, allowNoMatch)) {
            JobCatalog.DatafeedRow row = row(id);
            boolean running = started.containsKey(id);
            ObjectNode s = MlJobs.JSON.createObjectNode().put(DatafeedFields.DATAFEED_ID, id)
                    .put("state", running ? "started" : "stopped");
            LastRun last = lastRun.get(id);
            s.putObject("timing_stats").put(DatafeedFields.DATAFEED_ID, id).put(DatafeedFields.JOB_ID, row.jobId())
                    .put("search_count", last == null ? 0 : last.runs())
                    .put("bucket_count", jobs.dataCounts(row.jobId()).path("bucket_count").asLong());
            if (running) {
                ObjectNode state = s.putObject("running_state").put("real_time_configured", started.get(id).isEmpty())
                        .put("real_time_running", started.get(id).isEmpty());
                if (last != null) {
                    state.putObject("search_interval").put("start_ms", last.from()).put("end_ms", last.to());
                }
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The first events the datafeed selects, with the fields its job reads ({@code _preview}), as Elastic shows them:
     * one flat document per event with the time and those fields.
     */
    public ArrayNode preview(String datafeedId, int size) {
        JobCatalog.DatafeedRow row = row(datafeedId);
        Datafeed datafeed = DatafeedParser.parse(row.config(), row.jobId());
        Job job = jobs.job(row.jobId());
        Set<String> fields = fieldsOf(job);
        ArrayNode out = MlJobs.JSON.createArrayNode();
        store.scanEvents(event -> {
            AuditEventView view = new AuditEventView(event);
            if (datafeed.matches(view)) {
                ObjectNode doc = out.addObject().put(job.dataDescription().timeField(), view.timestampMillis());
                for (String f : fields) {
                    List<String> values = view.values(f);
                    if (values.size() == 1) {
                        doc.put(f, values.get(0));
                    } else if (!values.isEmpty()) {
                        values.forEach(doc.putArray(f)::add);
                    }
                }
            }
            return out.size() < size;
        });
        return out;
    }

    /** The id of a job's datafeed, if it has one. */
    public Optional<String> idFor(String jobId) {
        return catalog.datafeeds().stream().filter(d -> d.jobId().equals(jobId)).map(JobCatalog.DatafeedRow::datafeedId)
                .findFirst();
    }

    /** The started datafeed of a job, if any. */
    Optional<String> startedFor(String jobId) {
        return idFor(jobId).filter(started::containsKey);
    }

    private void run(JobCatalog.DatafeedRow row, Instant start, Instant end) {
        new StoredAnalysis(store).run(List.of(setUp(row)), start == null ? Long.MIN_VALUE + 1 : start.toEpochMilli(),
                end == null ? Long.MAX_VALUE : end.toEpochMilli());
    }

    private Module.SetUpJob setUp(JobCatalog.DatafeedRow row) {
        return new Module.SetUpJob(jobs.job(row.jobId()), DatafeedParser.parse(row.config(), row.jobId()));
    }

    private void save(String datafeedId, ObjectNode config) {
        JsonNode own = config.get(DatafeedFields.DATAFEED_ID);
        if (own != null && !own.asText().equals(datafeedId)) {
            throw new RequestException("Inconsistent datafeed_id; '" + own.asText() + "' specified in the body differs "
                    + "from '" + datafeedId + "' specified as a URL argument");
        }
        config.put(DatafeedFields.DATAFEED_ID, datafeedId);
        Datafeed datafeed = DatafeedParser.parse(config.toString(), config.path(DatafeedFields.JOB_ID).asText());
        catalog.putDatafeed(new JobCatalog.DatafeedRow(datafeedId, datafeed.jobId(), datafeed.toJson()));
    }

    private ObjectNode document(String datafeedId) {
        JobCatalog.DatafeedRow row = row(datafeedId);
        ObjectNode doc = (ObjectNode) MlJobs.tree(row.config());
        doc.put(DatafeedFields.DATAFEED_ID, datafeedId);
        if (!doc.has("chunking_config")) {
            doc.putObject("chunking_config").put("mode", "auto");
        }
        if (!doc.has("delayed_data_check_config")) {
            doc.putObject("delayed_data_check_config").put("enabled", true);
        }
        return doc;
    }

    private Optional<JobCatalog.DatafeedRow> find(String datafeedId) {
        return catalog.datafeeds().stream().filter(d -> d.datafeedId().equals(datafeedId)).findFirst();
    }

    private JobCatalog.DatafeedRow row(String datafeedId) {
        return find(datafeedId).orElseThrow(() -> RequestException.notFound("No datafeed with id [" + datafeedId
                + "] exists"));
    }

    private static Set<String> fieldsOf(Job job) {
        Set<String> fields = new LinkedHashSet<>();
        for (Detector d : job.analysisConfig().detectors()) {
            for (String f : new String[]{d.fieldName(), d.byFieldName(), d.overFieldName(), d.partitionFieldName()}) {
                if (f != null) {
                    fields.add(f);
                }
            }
        }
        fields.addAll(job.analysisConfig().influencers());
        return fields;
    }
}

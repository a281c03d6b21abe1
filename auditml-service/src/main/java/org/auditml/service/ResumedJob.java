package org.auditml.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.audit.LinuxRarityContext;
import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobFields;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.ModelSizeStats;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.Result;
import org.auditml.engine.result.ResultFields;
import org.auditml.engine.series.JobRules;
import org.auditml.engine.snapshot.JobState;
import org.auditml.store.AuditStore;
import org.auditml.store.ResultIds;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job going on where it stopped: restored from its snapshot (taken before the final flush, so its last bucket
 * stays open), it takes only events later than the last it saw; the results of the buckets it closes again replace
 * the earlier ones. A job without a snapshot starts fresh from the analysis start. What a run leaves is committed at
 * once ({@link AuditStore#commitJob}): the snapshot never goes without its results.
 */
final class ResumedJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper RESULTS = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Module.SetUpJob setUp;
    private final AnomalyJob job;
    private final long watermark;
    /** Stored results from here on are this run's to make again (the snapshot's open bucket on). */
    private final long replaceFrom;
    private long last;
    private final List<Result> results = new ArrayList<>();
    /** The job's fields no event it took has had yet, each with what names it. */
    private final Map<String, String> unseen;
    private long taken;

    private ResumedJob(Module.SetUpJob setUp, AnomalyJob job, long watermark, long replaceFrom) {
        this.setUp = setUp;
        this.job = job;
        this.watermark = watermark;
        this.replaceFrom = replaceFrom;
        this.last = watermark;
        this.unseen = fieldsOf(setUp.job());
    }

    /**
     * Jobs here run over audit data: rare processes are weighed with what Linux audit data says of them. Each job
     * gets its own, which keeps the processes of the events it takes (a restored job's starts empty).
     */
    private static LinuxRarityContext context() {
        return new LinuxRarityContext();
    }

    /** The fields a job reads, each with where its config names it ("detector 0's by_field_name"). */
    private static Map<String, String> fieldsOf(Job job) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Detector> detectors = job.analysisConfig().detectors();
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            String of = "detector " + i + "'s ";
            if (d.fieldName() != null) {
                fields.putIfAbsent(d.fieldName(), of + JobFields.FIELD_NAME);
            }
            if (d.byFieldName() != null) {
                fields.putIfAbsent(d.byFieldName(), of + JobFields.BY_FIELD_NAME);
            }
            if (d.overFieldName() != null) {
                fields.putIfAbsent(d.overFieldName(), of + JobFields.OVER_FIELD_NAME);
            }
            if (d.partitionFieldName() != null) {
                fields.putIfAbsent(d.partitionFieldName(), of + JobFields.PARTITION_FIELD_NAME);
            }
        }
        job.analysisConfig().influencers().forEach(f -> fields.putIfAbsent(f, "an influencer"));
        if (job.analysisConfig().summaryCountFieldName() != null) {
            fields.putIfAbsent(job.analysisConfig().summaryCountFieldName(), JobFields.SUMMARY_COUNT_FIELD_NAME);
        }
        return fields;
    }

    /**
     * What a run of a job leaves in the store, ready to commit, and what its user should hear: a field of its config
     * that none of the events it took had (a typo, or data without it).
     */
    record Outcome(AuditStore.Snapshot snapshot, long replaceFrom, List<Result> stored, List<Result> produced,
                   List<String> warnings) {
    }

    /** Saves the job's config and restores its model (nothing of its results changes until it is committed). */
    static ResumedJob open(AuditStore store, Module.SetUpJob setUp, long start) {
        // the job's rules and calendars as the store holds them now (a rule's unknown filter is refused here)
        JobRules rules = new Rulebook(store).rulesFor(setUp.job());
        store.putJob(setUp.job(), setUp.datafeed().toJson());
        return store.snapshot(setUp.job().jobId())
                .map(s -> {
                    JobState state = read(s.state());
                    long reopenFrom = state.openBuckets().isEmpty() ? s.watermark() + 1 : state.openBuckets().get(0).start();
                    return new ResumedJob(setUp, AnomalyJob.restore(setUp.job(), context(), rules, state), s.watermark(),
                            reopenFrom);
                })
                .orElseGet(() -> new ResumedJob(setUp, new AnomalyJob(setUp.job(), context(), rules), start - 1,
                        Long.MIN_VALUE));
    }

    /** A job's model size as its snapshot holds it (an empty model when it has none). */
    static ModelSizeStats modelSizeStats(AuditStore store, Job job) {
        return store.snapshot(job.jobId()).map(s -> AnomalyJob.restore(job, context(), read(s.state())))
                .orElseGet(() -> new AnomalyJob(job, context())).modelSizeStats();
    }

    Module.SetUpJob setUp() {
        return setUp;
    }

    /** The time of the last event the job took before this run; it takes only later ones. */
    long watermark() {
        return watermark;
    }

    /**
     * Takes an event (events come in time order); one the job saw before is skipped. Returns whether the job took it
     * (its datafeed selects it).
     */
    boolean offer(EventView event) {
        long t = event.timestampMillis();
        if (t <= watermark) {
            return false;
        }
        boolean take = setUp.datafeed().matches(event);
        if (take) {
            taken++;
            if (!unseen.isEmpty()) {
                unseen.keySet().removeIf(event::has);
            }
            results.addAll(job.accept(event));
        } else {
            results.addAll(job.advanceTo(t));
        }
        last = Math.max(last, t);
        return take;
    }

    /**
     * Ends the run: saves the model state, closes the open buckets, rescores the records of the renormalisation
     * window against the scale as it now stands; returns what to commit. Writes nothing.
     */
    Outcome finish(AuditStore store) {
        AuditStore.Snapshot snapshot = new AuditStore.Snapshot(job.job().jobId(), last, write(job.toState()));
        results.addAll(job.flush());
        return outcome(store, snapshot);
    }

    /**
     * Ends a real-time run at {@code closedEnd}, the end of its last closed bucket: the buckets before it close (an
     * event stored later in one of them is late: the job has seen all it takes of them), those after stay open in the
     * snapshot, whose watermark is the end. Writes nothing.
     */
    Outcome finishClosed(AuditStore store, long closedEnd) {
        results.addAll(job.advanceTo(closedEnd));
        last = Math.max(last, closedEnd - 1);
        return outcome(store, new AuditStore.Snapshot(job.job().jobId(), last, write(job.toState())));
    }

    private Outcome outcome(AuditStore store, AuditStore.Snapshot snapshot) {
        List<Result> stored = new ArrayList<>(renormalize(store));
        stored.addAll(results);
        return new Outcome(snapshot, replaceFrom, stored, List.copyOf(results), warnings());
    }

    private List<String> warnings() {
        String id = job.job().jobId();
        if (taken == 0) {
            return List.of(); // a module's job whose kind of event this data lacks: nothing to say
        }
        List<String> out = new ArrayList<>();
        unseen.forEach((field, where) -> out.add("job [" + id + "]: none of the " + taken + " events it took has the field '"
                + field + "' (" + where + "); is the name right?"));
        return out;
    }

    /** Commits an outcome; returns this run's results. */
    static List<Result> commit(AuditStore store, Outcome outcome) {
        store.commitJob(outcome.snapshot(), outcome.replaceFrom(), outcome.stored());
        return outcome.produced();
    }

    /**
     * Elastic renormalises the records of the renormalisation window (by default the last 30 days or 100 buckets,
     * whichever is longer) as a job's scale grows; initial_record_score keeps what each record first scored. Every
     * record, bucket and influencer result of the window, earlier runs' included, is rescored, so that analysing two
     * weeks in two runs stores the same scores as one run. Returns the earlier runs' results that changed; this run's
     * are replaced in place.
     */
    private List<Result> renormalize(AuditStore store) {
        long from = last - job.job().renormalizationWindow().toMillis();
        String jobId = job.job().jobId();
        List<AnomalyRecord> earlierRecords = read(store.results(jobId, ResultFields.TYPE_RECORD, from, replaceFrom),
                AnomalyRecord.class);
        List<BucketResult> earlierBuckets = read(store.results(jobId, ResultFields.TYPE_BUCKET, from, replaceFrom),
                BucketResult.class);
        List<InfluencerResult> earlierInfluencers = read(store.results(jobId, ResultFields.TYPE_INFLUENCER, from,
                replaceFrom), InfluencerResult.class);
        List<Result> changedEarlier = new ArrayList<>(job.renormalize(earlierRecords, 0));
        changedEarlier.addAll(job.renormalizeBuckets(earlierBuckets));
        changedEarlier.addAll(job.renormalizeInfluencers(earlierInfluencers));
        List<AnomalyRecord> ownRecords = new ArrayList<>();
        List<BucketResult> ownBuckets = new ArrayList<>();
        List<InfluencerResult> ownInfluencers = new ArrayList<>();
        for (Result r : results) {
            if (r.timestamp() < from) {
                continue;
            }
            if (r instanceof AnomalyRecord rec) {
                ownRecords.add(rec);
            } else if (r instanceof BucketResult b) {
                ownBuckets.add(b);
            } else if (r instanceof InfluencerResult i) {
                ownInfluencers.add(i);
            }
        }
        Map<String, Result> rescored = new HashMap<>();
        job.renormalize(ownRecords, 0).forEach(r -> rescored.put(ResultIds.of(r), r));
        job.renormalizeBuckets(ownBuckets).forEach(b -> rescored.put(ResultIds.of(b), b));
        job.renormalizeInfluencers(ownInfluencers).forEach(i -> rescored.put(ResultIds.of(i), i));
        results.replaceAll(r -> rescored.getOrDefault(ResultIds.of(r), r));
        return changedEarlier;
    }

    private static <T> List<T> read(List<String> docs, Class<T> type) {
        List<T> out = new ArrayList<>(docs.size());
        for (String doc : docs) {
            try {
                out.add(RESULTS.readValue(doc, type));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("a stored result cannot be read: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    private static JobState read(String json) {
        try {
            return JSON.readValue(json, JobState.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored snapshot cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JobState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

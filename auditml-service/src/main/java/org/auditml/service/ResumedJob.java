package org.auditml.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.audit.LinuxRarityContext;
import org.auditml.engine.snapshot.JobState;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.Result;
import org.auditml.engine.result.ResultFields;
import org.auditml.store.AuditStore;
import org.auditml.store.ResultIds;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job going on where it stopped: restored from its snapshot (taken before the final flush, so its last bucket
 * stays open), it takes only events later than the last it saw; the results of the buckets it closes again replace
 * the earlier ones. A job without a snapshot starts fresh from the analysis start.
 */
final class ResumedJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Jobs here run over audit data: rare processes are weighed with what Linux audit data says of them. */
    private static final LinuxRarityContext CONTEXT = new LinuxRarityContext();

    private final Module.SetUpJob setUp;
    private final AnomalyJob job;
    private final long watermark;
    private long last;
    private final List<Result> results = new ArrayList<>();

    private ResumedJob(Module.SetUpJob setUp, AnomalyJob job, long watermark) {
        this.setUp = setUp;
        this.job = job;
        this.watermark = watermark;
        this.last = watermark;
    }

    /** Saves the job's config, restores its model and deletes the results it will produce again. */
    static ResumedJob open(AuditStore store, Module.SetUpJob setUp, long start) {
        store.putJob(setUp.job(), setUp.datafeed().toJson());
        return store.snapshot(setUp.job().jobId())
                .map(s -> {
                    JobState state = read(s.state());
                    long reopenFrom = state.openBuckets().isEmpty() ? s.watermark() + 1 : state.openBuckets().get(0).start();
                    store.deleteResults(setUp.job().jobId(), reopenFrom);
                    return new ResumedJob(setUp, AnomalyJob.restore(setUp.job(), CONTEXT, state), s.watermark());
                })
                .orElseGet(() -> new ResumedJob(setUp, new AnomalyJob(setUp.job(), CONTEXT), start - 1));
    }

    Module.SetUpJob setUp() {
        return setUp;
    }

    /** The time of the last event the job took before this run; it takes only later ones. */
    long watermark() {
        return watermark;
    }

    /** Takes an event (events come in time order); one the job saw before is skipped. */
    void offer(EventView event) {
        long t = event.timestampMillis();
        if (t <= watermark) {
            return;
        }
        results.addAll(setUp.datafeed().matches(event) ? job.accept(event) : job.advanceTo(t));
        last = Math.max(last, t);
    }

    /**
     * Saves the model state, closes the open buckets, rescores the records of the renormalisation window against
     * the scale as it now stands, and stores the results; returns this run's results.
     */
    List<Result> finish(AuditStore store) {
        store.putSnapshot(new AuditStore.Snapshot(job.job().jobId(), last, write(job.toState())));
        results.addAll(job.flush());
        List<Result> earlier = renormalize(store);
        store.putResults(earlier);
        store.putResults(results);
        return results;
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
        List<AnomalyRecord> earlierRecords = read(store.results(jobId, ResultFields.TYPE_RECORD, from), AnomalyRecord.class);
        List<BucketResult> earlierBuckets = read(store.results(jobId, ResultFields.TYPE_BUCKET, from), BucketResult.class);
        List<InfluencerResult> earlierInfluencers = read(store.results(jobId, ResultFields.TYPE_INFLUENCER, from), InfluencerResult.class);
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

    private static final ObjectMapper RESULTS = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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

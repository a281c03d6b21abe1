package org.auditml.flink.score;

import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.BucketScorer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One job's scoring, fed by all its keys: the buckets each key closed, gathered by start, are merged and scored once
 * their time has passed (every key has closed them by then). Keeps the results of the renormalisation window, which
 * are scored again against the final scale at the end of a bounded input, as the one-machine run does when it ends.
 */
final class JobScoring {
    private final Job job;
    private final BucketScorer scorer;
    private final TreeMap<Long, List<SeriesBucket>> pending = new TreeMap<>();
    private final List<Result> window = new ArrayList<>();

    JobScoring(Job job) {
        this.job = job;
        this.scorer = BucketScorer.of(job);
    }

    /** Takes a key's closed bucket; returns the time at which its bucket is complete. */
    long take(SeriesBucket part) {
        pending.computeIfAbsent(part.start(), s -> new ArrayList<>()).add(part);
        return part.start() + job.analysisConfig().bucketSpan().toMillis() + job.analysisConfig().latency().toMillis();
    }

    /** Scores the buckets complete at {@code time}, in order. */
    List<Result> scoreUpTo(long time) {
        long wait = job.analysisConfig().bucketSpan().toMillis() + job.analysisConfig().latency().toMillis();
        List<Result> out = new ArrayList<>();
        while (!pending.isEmpty() && pending.firstKey() + wait <= time) {
            List<Result> scored = scorer.score(SeriesBucket.merge(pending.pollFirstEntry().getValue()));
            out.addAll(scored);
            window.addAll(scored);
        }
        forgetBefore(lastResultTime() - job.renormalizationWindow().toMillis());
        return out;
    }

    boolean done() {
        return pending.isEmpty();
    }

    /**
     * The window's records, buckets and influencers scored again against the scale as it stands: the results whose
     * scores change, to replace the earlier ones of their id.
     */
    List<Result> renormalize() {
        List<AnomalyRecord> records = new ArrayList<>();
        List<BucketResult> buckets = new ArrayList<>();
        List<InfluencerResult> influencers = new ArrayList<>();
        for (Result r : window) {
            if (r instanceof AnomalyRecord a) {
                records.add(a);
            } else if (r instanceof BucketResult b) {
                buckets.add(b);
            } else if (r instanceof InfluencerResult i) {
                influencers.add(i);
            }
        }
        List<Result> changed = new ArrayList<>(scorer.renormalize(records, 0));
        changed.addAll(scorer.renormalizeBuckets(buckets));
        changed.addAll(scorer.renormalizeInfluencers(influencers));
        return changed;
    }

    private long lastResultTime() {
        return window.isEmpty() ? Long.MIN_VALUE : window.get(window.size() - 1).timestamp();
    }

    private void forgetBefore(long time) {
        if (!window.isEmpty() && window.get(0).timestamp() < time) {
            window.removeIf(r -> r.timestamp() < time);
        }
    }
}

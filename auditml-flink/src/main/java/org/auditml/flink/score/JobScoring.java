package org.auditml.flink.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.BucketScorer;
import org.auditml.engine.score.ScoreNormalizer;
import org.auditml.flink.event.BucketTimes;
import org.auditml.flink.state.Checkpointed;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One job's scoring, fed by all its keys: the buckets each key closed, gathered by start, are merged and scored once
 * their time has passed (every key has closed them by then). Keeps the records, buckets and influencers of the
 * renormalisation window, which are scored again against the final scale at the end of a bounded input, as the
 * one-machine run does when it ends. In a checkpoint: the scorer's normalisers and fleet, the buckets waiting and the
 * window.
 */
final class JobScoring implements Checkpointed {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What a checkpoint holds. */
    record Saved(Map<String, ScoreNormalizer.State> normalizers, Map<Integer, SortedMap<String, Integer>> fleet,
                 TreeMap<Long, List<SeriesBucket>> pending, List<AnomalyRecord> records, List<BucketResult> buckets,
                 List<InfluencerResult> influencers) {
    }

    private BucketScorer scorer;
    private TreeMap<Long, List<SeriesBucket>> pending = new TreeMap<>();
    private List<AnomalyRecord> records = new ArrayList<>();
    private List<BucketResult> buckets = new ArrayList<>();
    private List<InfluencerResult> influencers = new ArrayList<>();
    private String checkpoint;

    private JobScoring(BucketScorer scorer, String checkpoint) {
        this.scorer = scorer;
        this.checkpoint = checkpoint;
    }

    static JobScoring start(Job job) {
        return new JobScoring(BucketScorer.of(job), null);
    }

    static JobScoring fromCheckpoint(String json) {
        return new JobScoring(null, json);
    }

    /** Restores from the checkpoint on first use. */
    private void live(Job job) {
        if (scorer != null) {
            return;
        }
        try {
            Saved saved = JSON.readValue(checkpoint, Saved.class);
            scorer = BucketScorer.of(job);
            scorer.restore(saved.normalizers());
            scorer.restoreFleetState(saved.fleet());
            pending = saved.pending();
            records = new ArrayList<>(saved.records());
            buckets = new ArrayList<>(saved.buckets());
            influencers = new ArrayList<>(saved.influencers());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the checkpointed scoring of job [" + job.jobId() + "] cannot be read: "
                    + e.getOriginalMessage(), e);
        }
        checkpoint = null;
    }

    /** Takes a key's closed bucket; returns the time at which its bucket is complete. */
    long take(Job job, SeriesBucket part) {
        live(job);
        pending.computeIfAbsent(part.start(), s -> new ArrayList<>()).add(part);
        return BucketTimes.closeTime(job, part.start());
    }

    /** Scores the buckets complete at {@code time}, in order. */
    List<Result> scoreUpTo(Job job, long time) {
        live(job);
        List<Result> out = new ArrayList<>();
        while (!pending.isEmpty() && BucketTimes.closeTime(job, pending.firstKey()) <= time) {
            for (Result r : scorer.score(SeriesBucket.merge(pending.pollFirstEntry().getValue()))) {
                out.add(r);
                if (r instanceof AnomalyRecord a) {
                    records.add(a);
                } else if (r instanceof BucketResult b) {
                    buckets.add(b);
                } else if (r instanceof InfluencerResult i) {
                    influencers.add(i);
                }
            }
        }
        if (!out.isEmpty()) {
            long from = out.get(out.size() - 1).timestamp() - job.renormalizationWindow().toMillis();
            records.removeIf(r -> r.timestamp() < from);
            buckets.removeIf(r -> r.timestamp() < from);
            influencers.removeIf(r -> r.timestamp() < from);
        }
        return out;
    }

    boolean done() {
        return pending.isEmpty();
    }

    /**
     * The window's records, buckets and influencers scored again against the scale as it stands: the results whose
     * scores change, to replace the earlier ones of their id.
     */
    List<Result> renormalize(Job job) {
        live(job);
        List<Result> changed = new ArrayList<>(scorer.renormalize(records, 0));
        changed.addAll(scorer.renormalizeBuckets(buckets));
        changed.addAll(scorer.renormalizeInfluencers(influencers));
        return changed;
    }

    @Override
    public String checkpointJson() {
        if (scorer == null) {
            return checkpoint;
        }
        try {
            return JSON.writeValueAsString(new Saved(scorer.state(), scorer.fleetState(), pending, records, buckets,
                    influencers));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.auditml.engine;

import org.auditml.engine.context.RarityContext;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.ModelSizeStats;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.BucketScorer;
import org.auditml.engine.series.JobRules;
import org.auditml.engine.series.JobSeries;
import org.auditml.engine.series.MemoryStatus;
import org.auditml.engine.snapshot.JobState;

import java.util.ArrayList;
import java.util.List;

/**
 * One job over events that arrive in time order, in one place: its series ({@link JobSeries}: buckets, the
 * detectors' analyses and models) and its job-wide scoring ({@link BucketScorer}: normalisers, bucket and influencer
 * results), each closed bucket going from the one to the other at once. Where a job's partitions are analysed apart,
 * the same two parts are wired with {@link org.auditml.engine.bucket.SeriesBucket#merge} between them. No wall clock:
 * {@code processing_time_ms} is 0, and the same events give the same results.
 */
public final class AnomalyJob {
    private final Job job;
    private final BucketScorer scorer;
    private final JobSeries series;
    /** The results of the buckets closed by the call in progress. */
    private final List<Result> closed = new ArrayList<>();

    /** A job without domain knowledge of rare values (see {@link RarityContext}). */
    public AnomalyJob(Job job) {
        this(job, RarityContext.NONE);
    }

    /** A job whose rare values are weighed, when it asks for auditml's context, with {@code rarityContext}. */
    public AnomalyJob(Job job, RarityContext rarityContext) {
        this(job, rarityContext, JobRules.NONE);
    }

    /** A job that applies its custom rules and its calendars' scheduled events ({@code rules}). */
    public AnomalyJob(Job job, RarityContext rarityContext, JobRules rules) {
        this.job = job;
        this.scorer = BucketScorer.of(job);
        this.series = new JobSeries(job, rarityContext, rules, b -> closed.addAll(scorer.score(b)), scorer::sizeBytes);
    }

    private AnomalyJob(Job job, RarityContext rarityContext, JobRules rules, JobState state) {
        this.job = job;
        this.scorer = BucketScorer.of(job);
        this.series = JobSeries.restore(job, rarityContext, rules, state, b -> closed.addAll(scorer.score(b)),
                scorer::sizeBytes);
        scorer.restore(state.normalizers());
        series.fleetKnowledge().forEach(scorer::restoreFleet);
    }

    /** A job that goes on from a snapshot. */
    public static AnomalyJob restore(Job job, JobState state) {
        return restore(job, RarityContext.NONE, state);
    }

    /** A job that goes on from a snapshot, weighing rare values with {@code rarityContext}. */
    public static AnomalyJob restore(Job job, RarityContext rarityContext, JobState state) {
        return restore(job, rarityContext, JobRules.NONE, state);
    }

    /** A job that goes on from a snapshot, applying {@code rules}. */
    public static AnomalyJob restore(Job job, RarityContext rarityContext, JobRules rules, JobState state) {
        return new AnomalyJob(job, rarityContext, rules, state);
    }

    public Job job() {
        return job;
    }

    /** Adds an event; returns the results of the buckets its time closes. */
    public List<Result> accept(EventView event) {
        series.accept(event);
        return drain();
    }

    /** Closes every bucket that ends, latency included, at or before {@code timeMillis}; returns their results. */
    public List<Result> advanceTo(long timeMillis) {
        series.advanceTo(timeMillis);
        return drain();
    }

    /** Closes all open buckets (end of input). */
    public List<Result> flush() {
        series.flush();
        return drain();
    }

    private List<Result> drain() {
        if (closed.isEmpty()) {
            return new ArrayList<>();
        }
        List<Result> out = new ArrayList<>(closed);
        closed.clear();
        return out;
    }

    /** The job's whole state, for a model snapshot. */
    public JobState toState() {
        return series.toState(scorer.state());
    }

    /**
     * Renormalises earlier records against the scale as it stands now (Elastic does this when a scope's largest score
     * grows): each record's score is recomputed from its probability; {@code initial_record_score} stays. Returns the
     * records whose score moved by at least {@code minChange}.
     */
    public List<AnomalyRecord> renormalize(List<AnomalyRecord> records, double minChange) {
        return scorer.renormalize(records, minChange);
    }

    /** Renormalises earlier buckets' scores against the scales as they stand now (see {@link #renormalize}). */
    public List<BucketResult> renormalizeBuckets(List<BucketResult> buckets) {
        return scorer.renormalizeBuckets(buckets);
    }

    /** Renormalises earlier influencer results against the scales as they stand now (see {@link #renormalize}). */
    public List<InfluencerResult> renormalizeInfluencers(List<InfluencerResult> influencers) {
        return scorer.renormalizeInfluencers(influencers);
    }

    /** Events that came after their bucket had closed. */
    public long lateEvents() {
        return series.lateEvents();
    }

    public long processedEvents() {
        return series.processedEvents();
    }

    /** Model memory now, approximately: models, normalisers. */
    public long modelBytes() {
        return series.modelBytes();
    }

    /** Elastic's model_size_stats for the job as it stands. */
    public ModelSizeStats modelSizeStats() {
        return new ModelSizeStats(job.jobId(), series.lastBucketStart(), series.modelBytes(),
                series.memoryLimitBytes(), series.byValues(), series.partitions().size(), series.allocationFailures(),
                series.memoryStatus().toString());
    }

    public MemoryStatus memoryStatus() {
        return series.memoryStatus();
    }
}

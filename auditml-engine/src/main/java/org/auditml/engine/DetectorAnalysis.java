package org.auditml.engine;

import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.model.CountModel;

import java.util.List;
import java.util.Set;

/**
 * One detector's models and how a closing bucket is judged by them. There is one kind per function family (rare,
 * population rare, freq_rare, count, metric, time); the job gathers events into buckets and scores what these find.
 */
abstract class DetectorAnalysis {
    final int index;
    final Detector detector;
    final JobSupport job;

    DetectorAnalysis(int index, Detector detector, JobSupport job) {
        this.index = index;
        this.detector = detector;
        this.job = job;
    }

    /** The analysis for a detector's function. */
    static DetectorAnalysis of(int index, Detector d, JobSupport job) {
        DetectorFunction f = d.function();
        if (f == DetectorFunction.RARE) {
            return d.overFieldName() != null ? new PopulationRareAnalysis(index, d, job) : new RareAnalysis(index, d, job);
        }
        if (f == DetectorFunction.FREQ_RARE) {
            return new FreqRareAnalysis(index, d, job);
        }
        return switch (f.family()) {
            case TIME -> new TimeAnalysis(index, d, job);
            case METRIC -> d.auditmlModel() != null ? new ContextualAnalysis(index, d, job)
                    : new MetricAnalysis(index, d, job);
            default -> new CountAnalysis(index, d, job);
        };
    }

    /** Judges the detector's series in a closing bucket, adds what is unusual to {@code out}, then learns it. */
    abstract void close(OpenBucket bucket, List<Candidate> out);

    /** Approximate model memory in bytes. */
    abstract long sizeBytes();

    /** The series modelled, for model_size_stats (analyses keyed otherwise override the two below). */
    java.util.Collection<SeriesKey> series() {
        return List.of();
    }

    /** Distinct by values modelled (model_size_stats' total_by_field_count). */
    long byValues() {
        return series().stream().filter(k -> k.by() != null).count();
    }

    /** Adds the partition values modelled to {@code into}. */
    void partitions(Set<String> into) {
        series().stream().map(SeriesKey::partition).filter(java.util.Objects::nonNull).forEach(into::add);
    }

    /** Forgets series idle since before {@code idleBefore} (model_prune_window; at the soft limit, a week). */
    void forgetIdle(long idleBefore) {
    }

    /** At the soft memory limit: forget what matters least. */
    void prune() {
    }

    /** Writes the models into the snapshot's slots of this detector. */
    abstract void save(JobState.Builder state);

    /** Reads the models back from a snapshot. */
    abstract void restore(JobState state);

    /** Elastic's decay for rare models: 0.0005 a bucket, scaled down for buckets shorter than 30 minutes. */
    double rareDecayRate() {
        return 0.0005 * Math.min(1.0, job.spanMillis() / 1_800_000.0);
    }

    CountModel.Side side() {
        return switch (detector.function().side()) {
            case HIGH -> CountModel.Side.HIGH;
            case LOW -> CountModel.Side.LOW;
            case BOTH -> CountModel.Side.BOTH;
        };
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    static String round1(double v) {
        return v >= 10 ? Long.toString(Math.round(v)) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** Partitions as map keys: null is a partition too (a detector without partition field). */
    static String key(String partition) {
        return partition == null ? "\u0000" : partition;
    }

    static String unkey(String key) {
        return "\u0000".equals(key) ? null : key;
    }
}

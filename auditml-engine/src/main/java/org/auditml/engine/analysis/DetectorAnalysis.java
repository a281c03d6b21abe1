package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.model.CountModel;
import org.auditml.engine.result.Rounding;
import org.auditml.engine.snapshot.JobState;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One detector's models and how a closing bucket is judged by them. There is one kind per function family (rare,
 * population rare, freq_rare, count, metric, time, contextual); the job's series gather events into buckets, and the
 * candidates these find are scored job-wide.
 */
public abstract class DetectorAnalysis {
    final int index;
    final Detector detector;
    final JobSupport job;

    DetectorAnalysis(int index, Detector detector, JobSupport job) {
        this.index = index;
        this.detector = detector;
        this.job = job;
    }

    /** The analysis for a detector's function. */
    public static DetectorAnalysis of(int index, Detector d, JobSupport job) {
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

    /** Whether a detector's series must keep every value of a bucket, not only running sums (the medians). */
    public static boolean keepsValues(DetectorFunction f) {
        return f == DetectorFunction.MEDIAN || f == DetectorFunction.HIGH_MEDIAN || f == DetectorFunction.LOW_MEDIAN;
    }

    /** Judges the detector's series in a closing bucket, adds what is unusual to {@code out}, then learns it. */
    public abstract void close(OpenBucket bucket, List<Candidate> out);

    /** Approximate model memory in bytes. */
    public abstract long sizeBytes();

    /** The series modelled, for model_size_stats (analyses keyed otherwise override the two below). */
    Collection<SeriesKey> series() {
        return List.of();
    }

    /** Distinct by values modelled (model_size_stats' total_by_field_count). */
    public long byValues() {
        return series().stream().filter(k -> k.by() != null).count();
    }

    /** Adds the partition values modelled to {@code into}. */
    public void partitions(Set<String> into) {
        series().stream().map(SeriesKey::partition).filter(Objects::nonNull).forEach(into::add);
    }

    /** Forgets series idle since before {@code idleBefore} (model_prune_window; at the soft limit, a week). */
    public void forgetIdle(long idleBefore) {
    }

    /**
     * For a rare detector weighed by the fleet: every value each partition's model knows, from which the job-wide
     * {@link org.auditml.engine.context.FleetSpread} is rebuilt after a restore; empty for the others.
     */
    public Map<String, Set<String>> fleetKnowledge() {
        return Map.of();
    }

    /** At the soft memory limit: forget what matters least. */
    public void prune() {
    }

    /** Writes the models into the snapshot's slots of this detector. */
    public abstract void save(JobState.Builder state);

    /** Reads the models back from a snapshot. */
    public abstract void restore(JobState state);

    /** A candidate of this detector's (first) pass, with the influencer values of its series. */
    Candidate candidate(SeriesKey key, double probability, double raw, boolean learning, Candidate.Finding finding,
                        OpenBucket.SeriesData data) {
        return candidate(0, key, probability, raw, learning, finding, data);
    }

    Candidate candidate(int pass, SeriesKey key, double probability, double raw, boolean learning,
                        Candidate.Finding finding, OpenBucket.SeriesData data) {
        return candidate(pass, key, new Candidate.Likelihood(probability, raw, learning, null), finding, data);
    }

    Candidate candidate(int pass, SeriesKey key, Candidate.Likelihood likelihood, Candidate.Finding finding,
                        OpenBucket.SeriesData data) {
        return new Candidate(index, pass, key, likelihood, finding, influencers(data), null);
    }

    /** The influencer values a series gathered, as the candidate carries them. */
    static Map<String, List<String>> influencers(OpenBucket.SeriesData data) {
        if (data == null || data.influencers.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new TreeMap<>();
        data.influencers.forEach((field, values) -> out.put(field, List.copyOf(values)));
        return out;
    }

    /**
     * Of a population's entities per attribute in a partition, those its model may learn (custom rules and scheduled
     * events may leave some out); attributes left without entities are dropped.
     */
    Map<String, Set<String>> learnable(String partition, Map<String, Set<String>> entitiesByAttribute) {
        Map<String, Set<String>> out = new TreeMap<>();
        entitiesByAttribute.forEach((attribute, entities) -> {
            Set<String> kept = new java.util.TreeSet<>();
            for (String entity : entities) {
                if (job.learns(index, new SeriesKey(partition, entity, attribute), Double.NaN, Double.NaN)) {
                    kept.add(entity);
                }
            }
            if (!kept.isEmpty()) {
                out.put(attribute, kept);
            }
        });
        return out;
    }

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
        return Rounding.sixDecimals(v);
    }

    static String round1(double v) {
        return v >= 10 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Partitions as map keys: null is a partition too (a detector without partition field). */
    static String key(String partition) {
        return partition == null ? "\u0000" : partition;
    }

    static String unkey(String key) {
        return "\u0000".equals(key) ? null : key;
    }
}

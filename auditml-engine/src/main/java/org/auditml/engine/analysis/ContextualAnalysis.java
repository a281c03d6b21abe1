package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.job.AuditmlModel;
import org.auditml.engine.job.Detector;
import org.auditml.engine.model.ContextualModel;
import org.auditml.engine.snapshot.JobState;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A metric detector with auditml's {@code "auditml_model": {"type": "contextual", ...}}: per series a
 * {@link ContextualModel} of the bucket's statistic. The model's score in [0, 1] is calibrated the same way for every
 * series, so it is the record score (× 100) as it stands, not normalised against the job's history; the record's
 * probability is 1 − score (the model has no probability of its own).
 */
final class ContextualAnalysis extends DetectorAnalysis {
    private final ContextualModel.Settings settings;
    private final Map<SeriesKey, ContextualModel> models = new TreeMap<>();

    ContextualAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
        AuditmlModel m = detector.auditmlModel();
        this.settings = ContextualModel.Settings.of(m.min(), m.max(), m.restBuckets());
    }

    @Override
    public void close(OpenBucket bucket, List<Candidate> out) {
        for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : bucket.series.get(index).entrySet()) {
            OpenBucket.SeriesData data = e.getValue();
            if (data.values == 0) {
                continue; // metric functions leave out empty buckets
            }
            ContextualModel model = models.get(e.getKey());
            if (model == null) {
                if (!job.mayAllocate()) {
                    continue;
                }
                model = new ContextualModel(settings);
                models.put(e.getKey(), model);
            }
            double value = MetricAnalysis.statistic(detector.function().jsonName(), data);
            if (!Double.isFinite(value)) {
                continue; // a NaN or infinite field value has no level
            }
            if (!job.learns(index, e.getKey(), value, value)) {
                continue; // the model judges and learns at once: a bucket it may not learn is not judged either
            }
            double score = model.observe(value);
            if (score > 0) {
                SeriesKey k = e.getKey();
                String who = k.partition() != null ? k.partition() + ": " : "";
                String by = k.by() != null ? " of " + k.by() : "";
                String reason = who + detector.function().jsonName() + "(" + detector.fieldName() + ")" + by + " "
                        + round1(value) + ", unexpected in its context (contextual score "
                        + String.format(java.util.Locale.ROOT, "%.2f", score) + ")";
                out.add(scored(k, 100 * score, value, reason, data));
            }
        }
    }

    /** An anomaly with the model's own score (0-100); its probability is taken as 1 − score/100, its raw as score/100. */
    private Candidate scored(SeriesKey key, double score, double actual, String reason, OpenBucket.SeriesData data) {
        return new Candidate(index, 0, key, new Candidate.Likelihood(1 - score / 100, score / 100, false, score),
                new Candidate.Finding(actual, actual, null, reason, null, null), influencers(data), null);
    }

    @Override
    public long sizeBytes() {
        return models.values().stream().mapToLong(ContextualModel::sizeBytes).sum();
    }

    @Override
    public long byValues() {
        return models.keySet().stream().filter(k -> k.by() != null).count();
    }

    @Override
    public void partitions(Set<String> into) {
        models.keySet().stream().map(SeriesKey::partition).filter(java.util.Objects::nonNull).forEach(into::add);
    }

    @Override
    public void save(JobState.Builder state) {
        models.forEach((k, m) -> state.contextual(index)
                .add(new JobState.Contextual(k.partition(), k.by(), m.toState())));
    }

    @Override
    public void restore(JobState state) {
        if (state.contextualModels() == null) {
            return; // a snapshot from before contextual models
        }
        for (JobState.Contextual c : state.contextualModels().get(index)) {
            models.put(new SeriesKey(c.partition(), c.by()), ContextualModel.fromState(c.state()));
        }
    }
}

package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.model.CountModel;
import org.auditml.engine.model.MetricModel;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.score.RawScore;
import org.auditml.engine.snapshot.JobState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metric family: per series a {@link MetricModel} of the bucket's statistic of {@code field_name} (mean, median,
 * min, max, sum, varp). {@code metric} models min, mean and max side by side and reports which was unusual. With
 * {@code over}, one model per partition and by value learns how the entities' values are spread and each entity is
 * judged against it, as Elastic's population analysis does.
 */
final class MetricAnalysis extends DetectorAnalysis {
    /** One statistic of the bucket, with the tail that matters for it. */
    private record Feature(String name, CountModel.Side side) {
    }

    private final List<Feature> features;
    /** feature → series → model. */
    private final Map<String, Map<SeriesKey, MetricModel>> models = new TreeMap<>();

    MetricAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
        this.features = detector.function() == DetectorFunction.METRIC
                // Elastic's metric: min is judged for low values, max for high ones, the mean both ways
                ? List.of(new Feature("min", CountModel.Side.LOW), new Feature("mean", CountModel.Side.BOTH),
                new Feature("max", CountModel.Side.HIGH))
                : List.of(new Feature(null, side()));
        for (Feature f : features) {
            models.put(featureKey(f.name()), new TreeMap<>());
        }
    }

    private double value(String feature, OpenBucket.SeriesData data) {
        return statistic(feature != null ? feature : detector.function().jsonName(), data);
    }

    /** The bucket's statistic for a metric function's (or feature's) name. */
    static double statistic(String f, OpenBucket.SeriesData data) {
        return switch (f) {
            case "min" -> data.min;
            case "max" -> data.max;
            case "sum", "high_sum", "low_sum" -> data.sum;
            case "varp", "high_varp", "low_varp" -> Math.max(0, data.sumSquares / data.values
                    - (data.sum / data.values) * (data.sum / data.values));
            case "median", "high_median", "low_median" -> data.median();
            default -> data.sum / data.values;
        };
    }

    @Override
    public void close(OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, OpenBucket.SeriesData> present = bucket.series.get(index);
        for (int pass = 0; pass < features.size(); pass++) {
            Feature f = features.get(pass);
            Map<SeriesKey, MetricModel> perSeries = models.get(featureKey(f.name()));
            // series that share a model: each series alone, or with over all entities of a partition and by value
            Map<SeriesKey, List<Map.Entry<SeriesKey, OpenBucket.SeriesData>>> groups = new TreeMap<>();
            for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : present.entrySet()) {
                if (e.getValue().values > 0) { // metric functions leave out empty buckets
                    SeriesKey k = e.getKey();
                    groups.computeIfAbsent(k.over() == null ? k : new SeriesKey(k.partition(), k.by()),
                            x -> new ArrayList<>()).add(e);
                }
            }
            for (Map.Entry<SeriesKey, List<Map.Entry<SeriesKey, OpenBucket.SeriesData>>> g : groups.entrySet()) {
                MetricModel model = perSeries.get(g.getKey());
                if (model == null) {
                    if (!job.mayAllocate()) {
                        continue;
                    }
                    model = new MetricModel(job.spanMillis());
                    perSeries.put(g.getKey(), model);
                }
                List<Double> learnt = new ArrayList<>();
                for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : g.getValue()) {
                    double value = value(f.name(), e.getValue());
                    double typical = assess(pass, f, e.getKey(), model, bucket.start, value, e.getValue(), out);
                    if (job.learns(index, e.getKey(), value, typical)) {
                        learnt.add(value);
                    }
                }
                for (double value : learnt) {
                    model.add(bucket.start, value);
                }
            }
        }
    }

    /** Adds the series' candidate if it is unusual; returns the typical value. */
    private double assess(int pass, Feature f, SeriesKey key, MetricModel model, long start, double value,
                          OpenBucket.SeriesData data, List<Candidate> out) {
        MetricModel.Assessment a = model.assess(start, value, f.side());
        String name = f.name() != null ? f.name() : detector.function().jsonName();
        job.plot(index, pass, detector, key, start, "'" + name + " by person'", a.lowerBound(), a.upperBound(), a.typical(), value);
        double raw = RawScore.of(a.probability());
        if (raw <= 0) {
            return a.typical();
        }
        String who = key.over() != null ? key.over() + ": " : key.partition() != null ? key.partition() + ": " : "";
        String by = key.by() != null && key.over() == null ? " of " + key.by() : "";
        String reason = who + name + "(" + detector.fieldName() + ")" + by + " " + round1(value) + ", typical "
                + round1(a.typical()) + (a.multiBucket() ? " (sustained over the last " + MetricModel.WINDOW
                + " buckets)" : "");
        out.add(candidate(pass, key, a.probability(), raw, a.learning(), new Candidate.Finding(value, a.typical(),
                f.name(), reason, new AnomalyRecord.Explanation(value >= a.typical() ? "spike" : "dip", null, null,
                round(a.lowerBound()), round(a.typical()), round(a.upperBound()), null, null),
                a.multiBucket() ? 5.0 : -5.0), data));
        return a.typical();
    }

    private static String featureKey(String feature) {
        return feature == null ? "" : feature;
    }

    @Override
    public long sizeBytes() {
        return models.values().stream().flatMap(m -> m.values().stream()).mapToLong(MetricModel::sizeBytes).sum();
    }

    @Override
    java.util.Collection<SeriesKey> series() {
        return models.get(featureKey(features.get(0).name())).keySet();
    }

    @Override
    public void save(JobState.Builder state) {
        for (Feature f : features) {
            models.get(featureKey(f.name())).forEach((k, m) -> state.metric(index).add(
                    new JobState.Metric(k.partition(), k.by(), m.toState(), k.over(), f.name())));
        }
    }

    @Override
    public void restore(JobState state) {
        for (JobState.Metric m : state.metricModels().get(index)) {
            models.get(featureKey(m.feature())).put(new SeriesKey(m.partition(), m.over(), m.by()),
                    MetricModel.fromState(m.state()));
        }
    }
}

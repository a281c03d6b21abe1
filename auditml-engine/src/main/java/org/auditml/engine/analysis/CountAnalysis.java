package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.job.JobText;
import org.auditml.engine.model.CountModel;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.score.RawScore;
import org.auditml.engine.snapshot.JobState;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The count family, distinct_count and info_content: one {@link CountModel} per series of per-bucket values; with
 * {@code over}, one model per partition and by value learns how the entities' values are spread.
 */
final class CountAnalysis extends DetectorAnalysis {
    private final Map<SeriesKey, CountModel> models = new TreeMap<>();
    private final boolean skipsEmpty;

    CountAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
        this.skipsEmpty = detector.function().family() == DetectorFunction.Family.NON_ZERO_COUNT;
    }

    /** The value a count-like function takes of a series in a bucket. */
    private double value(OpenBucket.SeriesData data) {
        if (data == null) {
            return 0;
        }
        return switch (detector.function().family()) {
            case DISTINCT_COUNT -> data.distinct.size();
            case INFO_CONTENT -> OpenBucket.informationContent(data.distinct);
            default -> data.count;
        };
    }

    @Override
    public void close(OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, OpenBucket.SeriesData> present = bucket.series.get(index);
        if (detector.overFieldName() != null) {
            closePopulation(bucket, present, out);
            return;
        }
        for (SeriesKey k : present.keySet()) {
            if (!models.containsKey(k) && job.mayAllocate()) {
                models.put(k, new CountModel(job.spanMillis(), skipsEmpty));
            }
        }
        if (detector.partitionFieldName() == null && detector.byFieldName() == null) {
            models.computeIfAbsent(new SeriesKey(null, null), x -> new CountModel(job.spanMillis(), skipsEmpty));
        }
        for (Map.Entry<SeriesKey, CountModel> m : models.entrySet()) {
            OpenBucket.SeriesData data = present.get(m.getKey());
            double count = value(data);
            CountModel model = m.getValue();
            if (count == 0 && model.skipsEmpty()) {
                continue;
            }
            CountModel.Assessment a = assess(m.getKey(), model, bucket.start, count, data, out);
            if (job.learns(index, m.getKey(), count, a.typical())) {
                model.add(bucket.start, count);
            }
        }
    }

    /**
     * Population analysis ({@code over}): each entity present in the bucket is judged against its partition and by
     * value's model of all entities. Entities absent from a bucket are not zeros.
     */
    private void closePopulation(OpenBucket bucket, Map<SeriesKey, OpenBucket.SeriesData> present, List<Candidate> out) {
        Map<SeriesKey, List<Map.Entry<SeriesKey, OpenBucket.SeriesData>>> groups = new TreeMap<>();
        for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : present.entrySet()) {
            groups.computeIfAbsent(new SeriesKey(e.getKey().partition(), e.getKey().by()), k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<SeriesKey, List<Map.Entry<SeriesKey, OpenBucket.SeriesData>>> g : groups.entrySet()) {
            CountModel model = models.get(g.getKey());
            if (model == null) {
                if (!job.mayAllocate()) {
                    continue;
                }
                model = new CountModel(job.spanMillis(), true);
                models.put(g.getKey(), model);
            }
            List<Double> learnt = new ArrayList<>();
            for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : g.getValue()) {
                double count = value(e.getValue());
                CountModel.Assessment a = assess(e.getKey(), model, bucket.start, count, e.getValue(), out);
                if (job.learns(index, e.getKey(), count, a.typical())) {
                    learnt.add(count);
                }
            }
            for (double count : learnt) {
                model.add(bucket.start, count);
            }
        }
    }

    private CountModel.Assessment assess(SeriesKey key, CountModel model, long start, double count,
                                         OpenBucket.SeriesData data, List<Candidate> out) {
        CountModel.Assessment a = model.assess(start, count, side());
        DetectorFunction.Family family = detector.function().family();
        job.plot(index, 0, detector, key, start, family == DetectorFunction.Family.COUNT
                        || family == DetectorFunction.Family.NON_ZERO_COUNT ? "'count per bucket by person'"
                        : "'" + family.name().toLowerCase(Locale.ROOT) + " by person'",
                a.lowerBound(), a.upperBound(), a.typical(), count);
        double raw = RawScore.of(a.probability());
        if (raw > 0) {
            out.add(candidate(this, key, count, a, reason(key, count, a, start), data));
        }
        return a;
    }

    /** A count anomaly as a candidate record: spike or dip, and whether it is one bucket's or a sustained one. */
    static Candidate candidate(DetectorAnalysis analysis, SeriesKey key, double count, CountModel.Assessment a,
                               String reason, OpenBucket.SeriesData data) {
        int impact = (int) Math.round(-Math.log10(Math.max(a.probability(), 1e-300)));
        // before a week's shape is known, the baseline is rough and its probabilities are not yet severities
        boolean settled = a.baseline() == CountModel.Baseline.WORKDAY || a.baseline() == CountModel.Baseline.WEEKLY;
        return analysis.candidate(0, key, new Candidate.Likelihood(a.probability(), RawScore.of(a.probability()),
                a.learning(), null, settled), new Candidate.Finding(count, a.typical(), null, reason, new AnomalyRecord.Explanation(
                        count >= a.typical() ? "spike" : "dip", a.multiBucket() ? null : impact,
                        a.multiBucket() ? impact : null, round(a.lowerBound()), round(a.typical()),
                        round(a.upperBound()), null, null), a.multiBucket() ? 5.0 : -5.0), data);
    }

    private String reason(SeriesKey key, double count, CountModel.Assessment a, long start) {
        String what = switch (detector.function().family()) {
            case DISTINCT_COUNT -> " distinct " + detector.fieldName() + " values";
            case INFO_CONTENT -> " bytes of information in " + detector.fieldName();
            default -> " events";
        };
        return who(key) + Math.round(count) + what + " in the " + JobText.span(job.spanMillis())
                + ", typical " + round1(a.typical()) + when(a, start) + window(a);
    }

    static String who(SeriesKey key) {
        return key.over() != null ? key.over() + ": " : key.partition() != null ? key.partition() + ": "
                : key.by() != null ? key.by() + ": " : "";
    }

    /** " for a Tuesday at 11:00": the seasonal baseline the typical value comes from. */
    static String when(CountModel.Assessment a, long start) {
        ZonedDateTime at = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC);
        return switch (a.baseline()) {
            case WEEKLY -> " for a " + at.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                    + " at " + String.format(Locale.ROOT, "%02d:%02d", at.getHour(), at.getMinute());
            case WORKDAY -> " for a " + (at.getDayOfWeek().getValue() >= 6 ? "weekend day" : "weekday") + " at "
                    + String.format(Locale.ROOT, "%02d:%02d", at.getHour(), at.getMinute());
            case DAILY -> " at " + String.format(Locale.ROOT, "%02d:%02d", at.getHour(), at.getMinute());
            case LEVEL -> "";
        };
    }

    static String window(CountModel.Assessment a) {
        return a.multiBucket() ? " (sustained over the last " + CountModel.WINDOW + " buckets)" : "";
    }

    @Override
    public void forgetIdle(long idleBefore) {
        boolean split = detector.partitionFieldName() != null || detector.byFieldName() != null
                || detector.overFieldName() != null;
        if (split) {
            models.values().removeIf(m -> m.lastActiveMillis() < idleBefore);
        }
    }

    @Override
    public long sizeBytes() {
        return models.values().stream().mapToLong(CountModel::sizeBytes).sum();
    }

    @Override
    java.util.Collection<SeriesKey> series() {
        return models.keySet();
    }

    @Override
    public void save(JobState.Builder state) {
        models.forEach((k, m) -> state.count(index).add(new JobState.Count(k.partition(), k.by(), m.toState())));
    }

    @Override
    public void restore(JobState state) {
        for (JobState.Count c : state.countModels().get(index)) {
            models.put(new SeriesKey(c.partition(), c.by()), CountModel.fromState(c.state()));
        }
    }
}

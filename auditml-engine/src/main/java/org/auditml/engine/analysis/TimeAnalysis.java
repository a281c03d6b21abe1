package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.score.RawScore;
import org.auditml.engine.snapshot.JobState;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** time_of_day / time_of_week: how usual the half-hour slots of a series' events are, as a rare model of slots. */
final class TimeAnalysis extends DetectorAnalysis {
    private final Map<SeriesKey, RareModel> models = new TreeMap<>();
    private final boolean week;
    private final double decayRate;

    TimeAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
        this.week = detector.function() == DetectorFunction.TIME_OF_WEEK;
        this.decayRate = rareDecayRate();
    }

    @Override
    public void close(OpenBucket bucket, List<Candidate> out) {
        // series that share a model: each series alone, or with over all entities of a partition and by value
        Map<SeriesKey, Map<SeriesKey, OpenBucket.SeriesData>> groups = new TreeMap<>();
        for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : bucket.series.get(index).entrySet()) {
            SeriesKey k = e.getKey();
            groups.computeIfAbsent(k.over() == null ? k : new SeriesKey(k.partition(), k.by()), x -> new TreeMap<>())
                    .put(k, e.getValue());
        }
        for (Map.Entry<SeriesKey, Map<SeriesKey, OpenBucket.SeriesData>> g : groups.entrySet()) {
            RareModel model = models.get(g.getKey());
            if (model == null) {
                if (!job.mayAllocate()) {
                    continue;
                }
                model = new RareModel(decayRate, 0.05);
                models.put(g.getKey(), model);
            }
            // with over, a slot counts once per entity that was active in it: how usual the time is in the population
            List<String> learnt = new java.util.ArrayList<>();
            for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : g.getValue().entrySet()) {
                Set<String> slots = new TreeSet<>();
                for (long t : e.getValue().times()) {
                    slots.add(slot(t));
                }
                assess(model, e.getKey(), e.getValue(), slots, out);
                if (job.learns(index, e.getKey(), Double.NaN, Double.NaN)) {
                    learnt.addAll(slots);
                }
            }
            model.addBucket(learnt);
        }
    }

    private void assess(RareModel model, SeriesKey k, OpenBucket.SeriesData data, Set<String> slots, List<Candidate> out) {
        String rarest = null;
        RareModel.Rarity rarestRarity = null;
        for (String slot : slots) {
            RareModel.Rarity r = model.rarity(slot);
            if (rarestRarity == null || r.probability() < rarestRarity.probability()) {
                rarest = slot;
                rarestRarity = r;
            }
        }
        if (rarestRarity == null) {
            return;
        }
        double raw = RawScore.of(rarestRarity.probability());
        if (raw > 0) {
            String who = k.over() != null ? k.over() : k.by() != null ? k.by() : k.partition() != null ? k.partition() : "events";
            String reason = who + " active at " + rarest + (week ? "" : " UTC") + ", an unusual time"
                    + (k.over() != null ? " for its " + detector.overFieldName() + " population" : "");
            out.add(candidate(k, rarestRarity.probability(), raw, rarestRarity.learning(),
                    new Candidate.Finding(1, rarestRarity.probability(), null, reason, null, null), data));
        }
    }

    /** Half-hour slots: "Tue 03:30" for time_of_week, "03:30" for time_of_day (UTC). */
    private String slot(long t) {
        ZonedDateTime at = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
        String slot = String.format(Locale.ROOT, "%02d:%02d", at.getHour(), at.getMinute() < 30 ? 0 : 30);
        return week ? at.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + slot : slot;
    }

    @Override
    public long sizeBytes() {
        return models.values().stream().mapToLong(RareModel::sizeBytes).sum();
    }

    @Override
    java.util.Collection<SeriesKey> series() {
        return models.keySet();
    }

    @Override
    public void save(JobState.Builder state) {
        models.forEach((k, m) -> state.time(index).add(new JobState.Time(k.partition(), k.over(), k.by(), m.toState())));
    }

    @Override
    public void restore(JobState state) {
        for (JobState.Time t : state.timeModels().get(index)) {
            models.put(new SeriesKey(t.partition(), t.over(), t.by()), RareModel.fromState(t.state()));
        }
    }
}

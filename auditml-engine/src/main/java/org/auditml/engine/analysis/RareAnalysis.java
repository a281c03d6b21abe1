package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.context.ContextTerm;
import org.auditml.engine.context.FleetSpread;
import org.auditml.engine.context.Stability;
import org.auditml.engine.job.Detector;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.score.RawScore;
import org.auditml.engine.snapshot.JobState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code rare by X [partition P]}: per partition, a decaying model of in how many buckets each by value occurs. With
 * auditml's context switched on, a value that is rare already is weighed by what its series say about it (the job's
 * {@link org.auditml.engine.context.RarityContext}, and how settled its partition is); how the fleet knows it is
 * weighed job-wide, from the {@link SeriesBucket.FleetNews} each bucket gives.
 */
final class RareAnalysis extends DetectorAnalysis {
    private final Map<String, RareModel> models = new TreeMap<>(SeriesKey.NULLS_FIRST);
    private final double decayRate;
    /** Values forgotten (pruned) since the last bucket closed, per partition: news for the fleet. */
    private final Map<String, List<String>> forgotten = new TreeMap<>(SeriesKey.NULLS_FIRST);

    RareAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
        this.decayRate = rareDecayRate();
    }

    @Override
    public void close(OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, OpenBucket.SeriesData> series = bucket.series.get(index);
        Map<String, Set<String>> byPartition = new TreeMap<>(SeriesKey.NULLS_FIRST);
        series.keySet().forEach(k -> byPartition.computeIfAbsent(k.partition(), p -> new TreeSet<>()).add(k.by()));
        for (String partition : byPartition.keySet()) {
            if (!models.containsKey(partition) && job.mayAllocate()) {
                models.put(partition, new RareModel(decayRate));
            }
        }
        boolean weighs = job.usesContext();
        Map<String, List<String>> fresh = weighs ? newValues(byPartition) : Map.of();
        for (Map.Entry<String, RareModel> m : models.entrySet()) {
            String partition = m.getKey();
            RareModel model = m.getValue();
            for (String by : byPartition.getOrDefault(partition, Set.of())) {
                RareModel.Rarity r = model.rarity(by);
                SeriesKey key = new SeriesKey(partition, by);
                OpenBucket.SeriesData data = series.get(key);
                Candidate.Finding finding = new Candidate.Finding(1, r.probability(), null,
                        reason(by, partition, r, model), new AnomalyRecord.Explanation(null, null, null, null, null,
                        null, r.firstOccurrence(), round(r.relativeRarity())), null);
                double raw = RawScore.of(r.probability());
                // context weighs values that are rare already; it never makes a common one anomalous
                if (weighs && !r.learning() && r.probability() < RawScore.LARGEST_SIGNIFICANT_PROBABILITY) {
                    out.add(new Candidate(index, 0, key, new Candidate.Likelihood(r.probability(), raw, false, null),
                            finding, influencers(data), new Candidate.FleetQuestion(by, model.knows(by),
                            ownTerms(by, data, model, series))));
                } else if (raw > 0) {
                    out.add(candidate(key, r.probability(), raw, r.learning(), finding, data));
                }
            }
        }
        for (Map.Entry<String, RareModel> m : models.entrySet()) {
            Set<String> present = byPartition.getOrDefault(m.getKey(), Set.of());
            Set<String> learnt = new TreeSet<>(present);
            learnt.removeIf(by -> !job.learns(index, new SeriesKey(m.getKey(), by), Double.NaN, Double.NaN));
            // a bucket none of whose values may be learnt (a scheduled event) does not age the model either
            boolean skipped = present.isEmpty()
                    ? !job.learns(index, new SeriesKey(m.getKey(), null), Double.NaN, Double.NaN) : learnt.isEmpty();
            if (!skipped) {
                m.getValue().addBucket(learnt);
            }
        }
        if (weighs) {
            Map<String, List<String>> learnt = new TreeMap<>(SeriesKey.NULLS_FIRST);
            fresh.forEach((partition, values) -> {
                if (models.containsKey(partition)) {
                    learnt.put(partition, values);
                }
            });
            job.fleetNews(index, new SeriesBucket.FleetNews(models.size(), fresh, learnt, forgotten));
            forgotten.clear();
        }
    }

    /** Per partition present in the bucket, the values its model did not know (all, when it has none). */
    private Map<String, List<String>> newValues(Map<String, Set<String>> byPartition) {
        Map<String, List<String>> fresh = new TreeMap<>(SeriesKey.NULLS_FIRST);
        byPartition.forEach((partition, values) -> {
            RareModel model = models.get(partition);
            List<String> unknown = new ArrayList<>();
            for (String by : values) {
                if (model == null || !model.knows(by)) {
                    unknown.add(by);
                }
            }
            fresh.put(partition, unknown);
        });
        return fresh;
    }

    /** The context terms of the value's own series: the domain's, then how settled its partition is. */
    private List<ContextTerm> ownTerms(String by, OpenBucket.SeriesData data, RareModel model,
                                       Map<SeriesKey, OpenBucket.SeriesData> series) {
        Map<String, Set<String>> fields = data == null ? Map.of() : Collections.unmodifiableMap(data.context);
        List<ContextTerm> terms = new ArrayList<>();
        String spread = job.rarityContext().spreadField();
        if (spread != null && detector.partitionFieldName() == null && data != null && !model.knows(by)) {
            // over the whole fleet, a new value's spread is the members it came from in this bucket
            Set<String> active = new TreeSet<>();
            series.values().forEach(d -> active.addAll(d.context.getOrDefault(spread, Set.of())));
            FleetSpread.rollout(data.context.getOrDefault(spread, Set.of()).size(), active.size()).ifPresent(terms::add);
        }
        terms.addAll(job.rarityContext().weigh(by, fields));
        Stability.of(model.bucketsSinceNewValue(), model.recentNewValueRate(), 86_400_000.0 / job.spanMillis())
                .ifPresent(terms::add);
        return terms;
    }

    private String reason(String by, String partition, RareModel.Rarity r, RareModel model) {
        String where = partition == null ? "" : " on " + partition;
        String history = job.history(model.buckets());
        if (r.firstOccurrence()) {
            return by + ": first seen" + where + " in " + history + " of history";
        }
        return by + ": seen in " + Math.round(Math.max(1, r.bucketsSeen())) + " of " + model.buckets()
                + " buckets" + where + " (" + history + ")";
    }

    @Override
    public Map<String, Set<String>> fleetKnowledge() {
        Map<String, Set<String>> known = new TreeMap<>(SeriesKey.NULLS_FIRST);
        models.forEach((partition, model) -> known.put(partition, model.values()));
        return known;
    }

    @Override
    public long sizeBytes() {
        return models.values().stream().mapToLong(RareModel::sizeBytes).sum();
    }

    @Override
    public long byValues() {
        return models.values().stream().mapToLong(RareModel::size).sum();
    }

    @Override
    public void partitions(Set<String> into) {
        models.keySet().forEach(p -> into.add(key(p)));
    }

    @Override
    public void prune() {
        // values seen about once, long ago, are the first to go
        models.forEach((partition, model) -> {
            List<String> gone = model.prune(0.5);
            if (job.usesContext() && !gone.isEmpty()) {
                forgotten.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(gone);
            }
        });
    }

    @Override
    public void save(JobState.Builder state) {
        models.forEach((partition, m) -> state.rare(index).add(new JobState.Rare(partition, m.toState())));
    }

    @Override
    public void restore(JobState state) {
        for (JobState.Rare r : state.rareModels().get(index)) {
            models.put(r.partition(), RareModel.fromState(r.state()));
        }
    }
}

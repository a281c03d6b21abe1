package org.auditml.engine;

import org.auditml.engine.job.Detector;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.model.RarityContext;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.score.RawScore;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code rare by X [partition P]}: per partition, a decaying model of in how many buckets each by value occurs. With
 * auditml's context switched on, a rare value is weighed by what the events say about it (see {@link RarityContext}).
 */
final class RareAnalysis extends DetectorAnalysis {
    private final Map<String, RareModel> models = new TreeMap<>();
    private final double decayRate;

    RareAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
        this.decayRate = rareDecayRate();
    }

    @Override
    void close(OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, OpenBucket.SeriesData> series = bucket.series.get(index);
        Map<String, Set<String>> byPartition = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        series.keySet().forEach(k -> byPartition.computeIfAbsent(k.partition(), p -> new TreeSet<>()).add(k.by()));
        for (String partition : byPartition.keySet()) {
            if (!models.containsKey(key(partition)) && job.mayAllocate()) {
                models.put(key(partition), new RareModel(decayRate));
            }
        }
        Map<String, Integer> newOn = job.usesContext() ? newOnHosts(byPartition) : Map.of();
        for (Map.Entry<String, RareModel> m : models.entrySet()) {
            String partition = unkey(m.getKey());
            Set<String> present = byPartition.getOrDefault(partition, Set.of());
            RareModel model = m.getValue();
            for (String by : present) {
                RareModel.Rarity r = model.rarity(by);
                SeriesKey key = new SeriesKey(partition, by);
                OpenBucket.SeriesData data = series.get(key);
                double probability = r.probability();
                String reason = reason(by, partition, r, model);
                // context weighs values that are rare already; it never makes a common one anomalous
                if (job.usesContext() && !r.learning() && r.probability() < RawScore.LARGEST_SIGNIFICANT_PROBABILITY) {
                    RarityContext context = context(by, partition, data, model, newOn, byPartition.size());
                    probability = Math.max(Double.MIN_VALUE, Math.min(1.0, probability * context.factor()));
                    if (!context.reasons().isEmpty()) {
                        reason = reason + "; " + String.join("; ", context.reasons());
                    }
                }
                double raw = RawScore.of(probability);
                if (raw > 0) {
                    out.add(new Candidate(index, key, probability, raw, 1, r.probability(), reason,
                            new AnomalyRecord.Explanation(null, null, null, null, null, null, r.firstOccurrence(),
                                    round(r.relativeRarity())), r.learning(), data, null));
                }
            }
        }
        for (Map.Entry<String, RareModel> m : models.entrySet()) {
            m.getValue().addBucket(byPartition.getOrDefault(unkey(m.getKey()), Set.of()));
        }
    }

    /** Fleet context: on how many partitions (hosts) each value is new in this bucket. */
    private Map<String, Integer> newOnHosts(Map<String, Set<String>> byPartition) {
        Map<String, Integer> newOn = new TreeMap<>();
        for (Map.Entry<String, Set<String>> e : byPartition.entrySet()) {
            RareModel model = models.get(key(e.getKey()));
            for (String by : e.getValue()) {
                if (model == null || !model.knows(by)) {
                    newOn.merge(by, 1, Integer::sum);
                }
            }
        }
        return newOn;
    }

    /** auditml's context for one rare value on one host (see {@link RarityContext}). */
    private RarityContext context(String by, String partition, OpenBucket.SeriesData data, RareModel model,
                                  Map<String, Integer> newOn, int activeHosts) {
        int others = 0;
        int knowing = 0;
        for (Map.Entry<String, RareModel> other : models.entrySet()) {
            if (!other.getKey().equals(key(partition))) {
                others++;
                if (other.getValue().knows(by)) {
                    knowing++;
                }
            }
        }
        Set<String> names = data == null ? Set.of() : data.context.getOrDefault("user.name", Set.of());
        Set<String> ids = data == null ? Set.of() : data.context.getOrDefault("user.id", Set.of());
        boolean interactive = !ids.isEmpty() && ids.stream().allMatch(RareAnalysis::isInteractiveUid);
        return new RarityContext()
                .rollout(newOn.getOrDefault(by, 0), activeHosts)
                .knownElsewhere(others == 0 ? 0 : (double) knowing / others, others)
                .actor(names, ids)
                .location(by, interactive)
                .arguments(data == null ? Set.of() : data.context.getOrDefault("process.title", Set.of()))
                .stability(model.bucketsSinceNewValue(), model.recentNewValueRate(), 86_400_000.0 / job.spanMillis());
    }

    private static boolean isInteractiveUid(String id) {
        try {
            return Integer.parseInt(id) >= 1000 && Integer.parseInt(id) < 60000;
        } catch (NumberFormatException e) {
            return false;
        }
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
    long sizeBytes() {
        return models.values().stream().mapToLong(RareModel::sizeBytes).sum();
    }

    @Override
    long byValues() {
        return models.values().stream().mapToLong(RareModel::size).sum();
    }

    @Override
    void partitions(Set<String> into) {
        models.keySet().forEach(into::add);
    }

    @Override
    void prune() {
        // values seen about once, long ago, are the first to go
        models.values().forEach(r -> r.prune(0.5));
    }

    @Override
    void save(JobState.Builder state) {
        models.forEach((k, m) -> state.rare(index).add(new JobState.Rare(unkey(k), m.toState())));
    }

    @Override
    void restore(JobState state) {
        for (JobState.Rare r : state.rareModels().get(index)) {
            models.put(key(r.partition()), RareModel.fromState(r.state()));
        }
    }
}

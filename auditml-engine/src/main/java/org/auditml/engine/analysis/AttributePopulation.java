package org.auditml.engine.analysis;

import org.auditml.engine.model.RareModel;
import org.auditml.engine.snapshot.JobState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * For population rare and freq_rare: per partition, how many distinct entities (over values) ever had each attribute
 * (by value). Entities do not fade: "ever had" is what Elastic's population rare counts.
 */
final class AttributePopulation {
    private final Map<String, RareModel> models = new TreeMap<>();
    private static final char SEPARATOR = '\u0001';
    /** partition key, SEPARATOR, attribute → the entities that had it. */
    private final Map<String, Set<String>> entities = new TreeMap<>();
    /** partition → every entity seen in it. */
    private final Map<String, Set<String>> members = new TreeMap<>();
    private final JobSupport job;

    AttributePopulation(JobSupport job) {
        this.job = job;
    }

    /** The partition's model, made on first sight; null when memory refuses a new one. */
    RareModel model(String partition) {
        RareModel model = models.get(DetectorAnalysis.key(partition));
        if (model == null && job.mayAllocate()) {
            model = new RareModel(0);
            models.put(DetectorAnalysis.key(partition), model);
        }
        return model;
    }

    private static String entityKey(String partition, String attribute) {
        return DetectorAnalysis.key(partition) + SEPARATOR + attribute;
    }

    /** How many entities of the partition have had the attribute. */
    int entitiesWith(String partition, String attribute) {
        Set<String> known = entities.get(entityKey(partition, attribute));
        return known == null ? 0 : known.size();
    }

    /** How many distinct entities the partition has seen. */
    int entities(String partition) {
        Set<String> all = members.get(DetectorAnalysis.key(partition));
        return all == null ? 0 : all.size();
    }

    /** Learns a bucket of one partition: each entity new to an attribute counts once. */
    void learn(String partition, Map<String, Set<String>> entitiesByAttribute) {
        RareModel model = models.get(DetectorAnalysis.key(partition));
        if (model == null) {
            return;
        }
        List<String> newEntities = new ArrayList<>();
        Set<String> all = members.computeIfAbsent(DetectorAnalysis.key(partition), p -> new TreeSet<>());
        entitiesByAttribute.forEach((attribute, present) -> {
            all.addAll(present);
            Set<String> known = entities.computeIfAbsent(entityKey(partition, attribute), x -> new TreeSet<>());
            for (String entity : present) {
                if (known.add(entity)) {
                    newEntities.add(attribute);
                }
            }
        });
        model.addBucket(newEntities);
    }

    long sizeBytes() {
        long bytes = models.values().stream().mapToLong(RareModel::sizeBytes).sum();
        for (Set<String> all : members.values()) {
            bytes += 56L * all.size();
        }
        for (Map.Entry<String, Set<String>> e : entities.entrySet()) {
            bytes += 64 + 2L * e.getKey().length() + 56L * e.getValue().size();
        }
        return bytes;
    }

    long attributes() {
        return models.values().stream().mapToLong(RareModel::size).sum();
    }

    void partitions(Set<String> into) {
        models.keySet().stream().map(DetectorAnalysis::unkey).filter(java.util.Objects::nonNull).forEach(into::add);
    }

    void save(int index, JobState.Builder state) {
        models.forEach((k, m) -> state.rare(index).add(new JobState.Rare(DetectorAnalysis.unkey(k), m.toState())));
        Map<String, List<String>> copy = new TreeMap<>();
        entities.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        state.population(index, copy);
    }

    void restore(int index, JobState state) {
        for (JobState.Rare r : state.rareModels().get(index)) {
            models.put(DetectorAnalysis.key(r.partition()), RareModel.fromState(r.state()));
        }
        state.populations().getOrDefault(index, Map.of()).forEach((k, v) -> {
            entities.put(k, new TreeSet<>(v));
            members.computeIfAbsent(k.substring(0, k.indexOf(SEPARATOR)), p -> new TreeSet<>()).addAll(v);
        });
    }
}

package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.JobText;
import org.auditml.engine.model.CountModel;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.score.RawScore;
import org.auditml.engine.snapshot.JobState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code freq_rare by X over Y}: an entity (Y) that uses many attributes (X) which few entities of the population
 * have had, in one bucket. Per partition, an {@link AttributePopulation} says which attributes are rare; a
 * {@link CountModel} of all entities learns how many rare attributes an entity usually touches in a bucket, and an
 * entity with unusually many is anomalous (one rare attribute is {@code rare}'s business, not this function's).
 */
final class FreqRareAnalysis extends AttributeAnalysis {
    /** An attribute is rare when at most this share of the partition's entities (and at least one) have had it. */
    private static final double RARE_SHARE = 0.05;
    private static final int NAMED = 3;

    private final Map<String, CountModel> counts = new TreeMap<>();

    FreqRareAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
    }

    @Override
    public void close(OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, OpenBucket.SeriesData> series = bucket.series.get(index);
        EntitiesByAttribute.of(series).forEach((partition, attributes) -> {
            RareModel attributeModel = population.model(partition);
            CountModel model = counts.get(key(partition));
            if (model == null && job.mayAllocate()) {
                model = new CountModel(job.spanMillis(), true);
                counts.put(key(partition), model);
            }
            if (attributeModel == null || model == null) {
                return;
            }
            // entity → its attributes in this bucket that few entities have had
            Map<String, Set<String>> rareOf = new TreeMap<>();
            boolean learning = attributeModel.isLearning();
            double few = Math.max(1, RARE_SHARE * population.entities(partition));
            for (Map.Entry<String, Set<String>> a : attributes.entrySet()) {
                boolean rare = population.entitiesWith(partition, a.getKey()) <= few;
                for (String entity : a.getValue()) {
                    Set<String> used = rareOf.computeIfAbsent(entity, e -> new TreeSet<>());
                    if (rare) {
                        used.add(a.getKey());
                    }
                }
            }
            for (Map.Entry<String, Set<String>> e : rareOf.entrySet()) {
                double n = e.getValue().size();
                CountModel.Assessment a = model.assess(bucket.start, n, CountModel.Side.HIGH);
                if (RawScore.of(a.probability()) > 0 && n > a.typical()) {
                    SeriesKey key = new SeriesKey(partition, e.getKey(), null);
                    Candidate c = CountAnalysis.candidate(this, key, n, a, reason(e.getKey(), e.getValue(), a), null);
                    out.add(learning ? c.asLearning() : c);
                }
            }
            for (Map.Entry<String, Set<String>> e : rareOf.entrySet()) {
                if (job.learns(index, new SeriesKey(partition, e.getKey(), null), e.getValue().size(), Double.NaN)) {
                    model.add(bucket.start, e.getValue().size());
                }
            }
            Map<String, Set<String>> learnt = learnable(partition, attributes);
            if (!learnt.isEmpty()) {
                population.learn(partition, learnt);
            }
        });
    }

    private String reason(String entity, Set<String> rare, CountModel.Assessment a) {
        List<String> named = new ArrayList<>(rare).subList(0, Math.min(NAMED, rare.size()));
        return entity + ": " + rare.size() + " " + detector.byFieldName() + " values that few "
                + detector.overFieldName() + " values have had, in the " + JobText.span(job.spanMillis())
                + " (typical " + round1(a.typical()) + "): " + String.join(", ", named)
                + (rare.size() > NAMED ? ", ..." : "");
    }

    @Override
    public long sizeBytes() {
        return super.sizeBytes() + counts.values().stream().mapToLong(CountModel::sizeBytes).sum();
    }

    @Override
    public void save(JobState.Builder state) {
        super.save(state);
        counts.forEach((k, m) -> state.count(index).add(new JobState.Count(unkey(k), null, m.toState())));
    }

    @Override
    public void restore(JobState state) {
        super.restore(state);
        for (JobState.Count c : state.countModels().get(index)) {
            counts.put(key(c.partition()), CountModel.fromState(c.state()));
        }
    }
}

package org.auditml.engine.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties that any history must keep: probabilities are probabilities, and they order values sensibly. */
class ModelProperties {
    private static final long HOUR = 3_600_000L;

    /** Buckets of values from a small alphabet ("v0".."v7"), each bucket a set. */
    @Property
    void rare_probabilitiesAreOrderedByHowOftenValuesOccur(
            @ForAll @Size(min = 1, max = 60) List<@Size(max = 5) Set<@IntRange(max = 7) Integer>> buckets) {
        RareModel model = new RareModel(0.0005);
        int[] seen = new int[8];
        for (Set<Integer> bucket : buckets) {
            model.addBucket(bucket.stream().map(i -> "v" + i).toList());
            bucket.forEach(i -> seen[i]++);
        }
        double unseen = model.rarity("never").probability();
        for (int i = 0; i < 8; i++) {
            double p = model.rarity("v" + i).probability();
            assertThat(p).isGreaterThan(0).isLessThanOrEqualTo(1);
            if (seen[i] > 0) {
                assertThat(unseen).as("an unseen value is at least as rare as v%d", i).isLessThanOrEqualTo(p);
            }
            for (int j = 0; j < 8; j++) {
                if (seen[i] > 0 && seen[j] > seen[i]) {
                    assertThat(model.rarity("v" + j).probability()).as("v%d (%d buckets) vs v%d (%d)", j, seen[j], i, seen[i])
                            .isGreaterThanOrEqualTo(p);
                }
            }
        }
    }

    @Property
    void count_highTailFallsAsTheCountGrows(
            @ForAll @Size(min = 30, max = 200) List<@DoubleRange(min = 0, max = 500) Double> history,
            @ForAll @DoubleRange(min = 0, max = 2000) double x, @ForAll @DoubleRange(min = 0, max = 2000) double y) {
        CountModel model = new CountModel(HOUR, false);
        long t = 0;
        for (double c : history) {
            model.add(t, Math.floor(c));
            t += HOUR;
        }
        CountModel.Assessment ax = model.assess(t, Math.floor(x), CountModel.Side.HIGH);
        CountModel.Assessment ay = model.assess(t, Math.floor(y), CountModel.Side.HIGH);
        assertThat(ax.probability()).isGreaterThan(0).isLessThanOrEqualTo(1);
        assertThat(ax.lowerBound()).isLessThanOrEqualTo(ax.typical()).isGreaterThanOrEqualTo(0);
        assertThat(ax.upperBound()).isGreaterThanOrEqualTo(ax.typical());
        if (Math.floor(x) < Math.floor(y) && !ax.multiBucket() && !ay.multiBucket()) {
            assertThat(ay.probability()).isLessThanOrEqualTo(ax.probability());
        }
    }

    @Property
    void count_snapshotRoundTrip_assessesTheSame(
            @ForAll @Size(min = 1, max = 100) List<@DoubleRange(min = 0, max = 300) Double> history,
            @ForAll @DoubleRange(min = 0, max = 1000) double next) {
        CountModel model = new CountModel(HOUR, true);
        long t = 0;
        for (double c : history) {
            model.add(t, Math.floor(c));
            t += HOUR;
        }
        CountModel copy = CountModel.fromState(model.toState());
        assertThat(copy.assess(t, next, CountModel.Side.BOTH)).isEqualTo(model.assess(t, next, CountModel.Side.BOTH));
    }
}

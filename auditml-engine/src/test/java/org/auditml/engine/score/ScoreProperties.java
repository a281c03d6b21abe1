package org.auditml.engine.score;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreProperties {

    @Property
    void rawScore_isBoundedAndFallsWithProbability(@ForAll @DoubleRange(min = 0, max = 1) double p,
                                                   @ForAll @DoubleRange(min = 0, max = 1) double q) {
        double a = RawScore.of(p);
        double b = RawScore.of(q);
        assertThat(a).isBetween(0.0, 100.0);
        if (p < q) {
            assertThat(a).isGreaterThanOrEqualTo(b);
        }
        if (p >= 0.05) {
            assertThat(a).isZero();
        }
    }

    @Property
    void normalizedScore_isBetween0And100_andTheLargestSeenScoresHighest(
            @ForAll @Size(min = 1, max = 300) List<@DoubleRange(min = 0, max = 100) Double> raws) {
        ScoreNormalizer n = new ScoreNormalizer(0.001);
        double max = 0;
        for (double raw : raws) {
            n.add(raw);
            max = Math.max(max, raw);
            assertThat(n.normalize(raw)).isBetween(0.0, 100.0);
        }
        for (double raw : raws) {
            assertThat(n.normalize(raw)).isLessThanOrEqualTo(n.normalize(max));
        }
    }
}

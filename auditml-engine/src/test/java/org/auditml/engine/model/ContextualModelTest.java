package org.auditml.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextualModelTest {
    private static final int DAY = 24;

    /** A daily cycle between 20 and 80 with a little noise: what hourly counts of a busy host look like. */
    private static double seasonal(int step, Random r) {
        return 50 + 30 * Math.sin(2 * Math.PI * step / DAY) + r.nextGaussian();
    }

    private static ContextualModel model() {
        return new ContextualModel(ContextualModel.Settings.of(0, 100, 30));
    }

    @Test
    void aValueOutOfItsContextIsDetectedAndTheLearntCycleScoresLow() {
        Random r = new Random(7);
        ContextualModel m = model();
        int anomaly = 40 * DAY + 6; // the daily peak, where ~80 is usual
        double quietMax = 0;
        double atAnomaly = 0;
        for (int i = 0; i <= anomaly; i++) {
            double v = i == anomaly ? 20 : seasonal(i, r);
            double s = m.observe(v);
            assertThat(s).isBetween(0.0, 1.0);
            if (i >= 30 * DAY && i < anomaly) {
                quietMax = Math.max(quietMax, s);
            }
            atAnomaly = s;
        }
        assertThat(quietMax).as("a learnt cycle").isLessThan(0.75);
        assertThat(atAnomaly).as("the trough's value at the peak's hour").isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void aNewExtremeScoresOneAndRestsTheDetectorAfterwards() {
        Random r = new Random(3);
        ContextualModel m = model();
        for (int i = 0; i < 20 * DAY; i++) {
            m.observe(seasonal(i, r));
        }
        assertThat(m.observe(99)).isEqualTo(1.0);
        // the same surprise again at once is not a second alert: the model rests
        assertThat(m.observe(20)).isZero();
    }

    @Test
    void aFlatSeriesWithNoiseInsideOneLevelStaysQuiet() {
        Random r = new Random(11);
        ContextualModel m = model();
        double max = 0;
        for (int i = 0; i < 2000; i++) {
            max = Math.max(max, m.observe(45 + r.nextDouble() * 5));
        }
        assertThat(max).as("below the alert threshold").isLessThan(0.75);
    }

    @Test
    void restsForItsRestPeriodAtTheStart() {
        ContextualModel m = model();
        Random r = new Random(5);
        for (int i = 0; i < 30; i++) {
            assertThat(m.observe(seasonal(i, r))).isZero();
        }
    }

    @Test
    void aRestoredSnapshotGoesOnExactlyAsTheOriginal() throws Exception {
        Random r = new Random(9);
        ContextualModel original = model();
        for (int i = 0; i < 500; i++) {
            original.observe(seasonal(i, r));
        }
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(original.toState());
        ContextualModel restored = ContextualModel.fromState(json.readValue(text, ContextualModel.State.class));
        assertThat(restored.contextCount()).isEqualTo(original.contextCount());
        for (int i = 500; i < 1500; i++) {
            double v = i == 1200 ? 5 : seasonal(i, r);
            assertThat(restored.observe(v)).as("step %d", i).isEqualTo(original.observe(v));
        }
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> ContextualModel.Settings.of(5, 1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContextualModel.Settings.of(0, Double.POSITIVE_INFINITY, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContextualModel.Settings.of(0, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConstantRangeStillWorks() {
        ContextualModel m = new ContextualModel(ContextualModel.Settings.of(45, 45, 10));
        double max = 0;
        for (int i = 0; i < 300; i++) {
            max = Math.max(max, m.observe(45));
        }
        assertThat(max).as("below the alert threshold").isLessThan(0.75);
    }

    @Test
    void aFullMemoryStopsLearningButStillScoresNovelty() {
        ContextualModel m = new ContextualModel(new ContextualModel.Settings(0, 100, 0, 0.75, 7, 15, 3, 0.05, 50));
        Random r = new Random(13);
        double max = 0;
        for (int i = 0; i < 1000; i++) {
            double s = m.observe(r.nextDouble() * 100);
            assertThat(s).isBetween(0.0, 1.0);
            if (i > 500) {
                max = Math.max(max, s);
            }
        }
        assertThat(m.contextCount()).isEqualTo(50);
        assertThat(max).as("novel steps still score high").isGreaterThanOrEqualTo(0.75);
    }
}

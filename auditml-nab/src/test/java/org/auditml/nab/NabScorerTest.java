package org.auditml.nab;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The scoring rules of spec §2 on a tiny corpus whose values can be worked out by hand. */
class NabScorerTest {
    private static final String A = "cat/a.csv"; // 200 rows, probation 30, one window of 21 rows [100, 120]
    private static final String QUIET = "cat/quiet.csv"; // 100 rows, probation 15, no windows

    @TempDir
    Path dir;
    private NabScorer scorer;
    private CostProfile standard;

    @BeforeEach
    void tinyCorpus() throws IOException {
        scorer = new NabScorer(new TinyNab(dir).file(A, 200, new int[]{100, 120}).file(QUIET, 100).write());
        standard = scorer.corpus().profiles().get("standard");
    }

    private double rawWithDetectionsAt(String file, int... rows) {
        double[] s = new double[scorer.corpus().file(file).rowCount()];
        for (int r : rows) {
            s[r] = 1.0;
        }
        return scorer.scoreFile(file, s, standard, 1.0).rawScore();
    }

    @Test
    void scaledSigmoid_hasTheSpecsValues() {
        assertThat(ScaledSigmoid.of(-1)).isCloseTo(0.98661, within(1e-5));
        assertThat(ScaledSigmoid.of(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(ScaledSigmoid.of(0)).isZero();
        assertThat(ScaledSigmoid.of(0.5)).isCloseTo(-0.84828, within(1e-5));
        assertThat(ScaledSigmoid.of(2)).isCloseTo(-0.99991, within(1e-5));
        assertThat(ScaledSigmoid.of(3)).isGreaterThan(-1.0);
        assertThat(ScaledSigmoid.of(3.0001)).isEqualTo(-1.0);
    }

    @Test
    void probation_isFifteenPercentCappedAt750() {
        assertThat(DataFile.probationLength(4032)).isEqualTo(604);
        assertThat(DataFile.probationLength(5000)).isEqualTo(750);
        assertThat(DataFile.probationLength(22_695)).isEqualTo(750);
        assertThat(DataFile.probationLength(1127)).isEqualTo(169);
    }

    @Test
    void windowDetections_earliestCounts_firstRowEarnsTpWeight_lastRowAlmostNothing() {
        assertThat(rawWithDetectionsAt(A, 100)).isCloseTo(1.0, within(1e-12));
        assertThat(rawWithDetectionsAt(A, 110, 100, 105)).isCloseTo(1.0, within(1e-12));
        assertThat(rawWithDetectionsAt(A, 120))
                .isCloseTo(ScaledSigmoid.of(-1.0 / 21) / ScaledSigmoid.MAX, within(1e-12))
                .isCloseTo(2.5 / 21, within(0.005)); // "about A_TP · 2.5 / W"
        assertThat(rawWithDetectionsAt(A)).isEqualTo(-1.0); // the missed window
    }

    @Test
    void falsePositives_fullPriceBeforeAnyWindow_cheapRightAfterOne_freeInProbation() {
        double missed = -1.0;
        assertThat(rawWithDetectionsAt(A, 29)).isEqualTo(missed); // row 29 is probation
        assertThat(rawWithDetectionsAt(A, 30)).isCloseTo(missed - 0.11, within(1e-12));
        assertThat(rawWithDetectionsAt(A, 99)).isCloseTo(missed - 0.11, within(1e-12)); // just before: no discount
        assertThat(rawWithDetectionsAt(A, 121)).isCloseTo(missed + 0.11 * ScaledSigmoid.of(1.0 / 20), within(1e-12));
        assertThat(rawWithDetectionsAt(A, 130)).isCloseTo(missed + 0.11 * ScaledSigmoid.of(0.5), within(1e-12));
        assertThat(rawWithDetectionsAt(A, 181)).isCloseTo(missed - 0.11, within(1e-12)); // y = 61/20 > 3
    }

    @Test
    void everyDetectionRowOutsideWindows_isASeparateFalsePositive() {
        double[] s = new double[100];
        java.util.Arrays.fill(s, 10, 30, 1.0); // rows 10-14 are probation, 15-29 count
        RawScore r = scorer.scoreFile(QUIET, s, standard, 0.5);
        assertThat(r.falsePositives()).isEqualTo(15);
        assertThat(r.rawScore()).isCloseTo(-15 * 0.11, within(1e-12));
        assertThat(scorer.scoreFile(QUIET, s, standard, 1.0).falsePositives()).isEqualTo(15); // score ≥ θ
    }

    @Test
    void windows_areRowsOfTheFirstMatchingTimestamp_andRowsAreNeverReordered() throws IOException {
        List<String> times = new ArrayList<>();
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2014, 3, 9, 0, 0);
        for (int i = 0; i < 100; i++) { // rows 40-51 share one stamp (like the DST hour); row 60 repeats row 59
            int step = i < 40 ? i : i <= 51 ? 40 : i == 60 ? 59 - 11 : i - 11;
            times.add(start.plusMinutes(5L * step).format(java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss")));
        }
        NabCorpus corpus = NabCorpus.load(new TinyNab(dir.resolve("dup")).file("c/d.csv", times, new int[]{45, 60})
                .write());
        assertThat(corpus.windows("c/d.csv")).containsExactly(new AnomalyWindow(40, 59));
        assertThat(corpus.file("c/d.csv").timestamp(60)).isEqualTo(corpus.file("c/d.csv").timestamp(59));
        assertThat(corpus.file("c/d.csv").timestamp(61)).isEqualTo(times.get(61));
    }

    @Test
    void sweep_findsTheBestOfAllThresholds() {
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            Map<String, double[]> scores = new HashMap<>();
            TreeSet<Double> candidates = new TreeSet<>(List.of(NabScorer.NO_DETECTIONS));
            for (String f : List.of(A, QUIET)) {
                double[] s = new double[scorer.corpus().file(f).rowCount()];
                for (int i = 0; i < s.length; i++) { // coarse values: many ties
                    s[i] = random.nextInt(round % 3 == 0 ? 5 : 40) / (round % 3 == 0 ? 4.0 : 39.0);
                    candidates.add(s[i]);
                }
                scores.put(f, s);
            }
            NabResult swept = scorer.score(scores);
            for (CostProfile profile : scorer.corpus().profiles().values()) {
                double bestRaw = Double.NEGATIVE_INFINITY;
                for (double t : candidates) {
                    bestRaw = Math.max(bestRaw, scorer.scoreAt(scores, Map.of("standard", t,
                            "reward_low_FP_rate", t, "reward_low_FN_rate", t)).profile(profile.name()).rawScore());
                }
                assertThat(swept.profile(profile.name()).rawScore()).as("round %d %s", round, profile.name())
                        .isCloseTo(bestRaw, within(1e-9));
            }
        }
    }

    @Test
    void score_normalisesBetweenNullAndPerfect() {
        double[] a = new double[200];
        a[100] = 1.0;
        NabResult perfect = scorer.score(Map.of(A, a, QUIET, new double[100]));
        assertThat(perfect.profile("standard").normalisedScore()).isCloseTo(100, within(1e-9));
        assertThat(perfect.profile("standard").threshold()).isEqualTo(1.0);

        NabResult none = scorer.score(Map.of(A, new double[200], QUIET, new double[100]));
        assertThat(none.profile("reward_low_FN_rate").normalisedScore()).isZero();
        assertThat(none.profile("reward_low_FN_rate").threshold()).isEqualTo(NabScorer.NO_DETECTIONS);

        a[100] = 0.0; // the second window row instead of the first, and one full-price false positive
        a[101] = 1.0;
        a[50] = 1.0;
        NabResult r = scorer.score(Map.of(A, a, QUIET, new double[100]));
        double raw = ScaledSigmoid.of(-20.0 / 21) / ScaledSigmoid.MAX - 0.11;
        assertThat(r.profile("standard").normalisedScore()).isCloseTo(100 * (raw + 1) / 2, within(1e-9));
    }

    @Test
    void score_rejectsMissingFilesWrongLengthsAndScoresOutsideZeroOne() {
        assertThatThrownBy(() -> scorer.score(Map.of(A, new double[200])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(QUIET);
        assertThatThrownBy(() -> scorer.score(Map.of(A, new double[199], QUIET, new double[100])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("199 anomaly scores for 200 rows");
        double[] bad = new double[100];
        bad[3] = Double.NaN;
        assertThatThrownBy(() -> scorer.score(Map.of(A, new double[200], QUIET, bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 3");
        assertThatThrownBy(() -> scorer.score(Map.of(A, new double[200], QUIET, new double[100],
                "cat/other.csv", new double[1]))).hasMessageContaining("not a corpus file");
    }

    @Test
    void corpus_rejectsWindowsInProbationOrWithUnknownTimestamps() {
        assertThatThrownBy(() -> NabCorpus.load(new TinyNab(dir.resolve("p")).file("c/p.csv", 100, new int[]{10, 20})
                .write())).hasMessageContaining("probation");
    }
}

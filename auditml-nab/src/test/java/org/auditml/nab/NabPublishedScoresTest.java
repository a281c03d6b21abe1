package org.auditml.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reproduces NAB's published numbers from the corpus and NAB's stored outputs, read in place under
 * {@code ../shared/nab} (or {@code $AUDITML_NAB}).
 *
 * <p>Tolerances. At NAB's own thresholds ({@code config/thresholds.json}) the arithmetic is the same as NAB's up to
 * the order of floating-point additions, so per-file scores must agree to the 12 significant digits of the
 * committed CSVs (1e-9) and normalised scores with {@code final_results.json} to 1e-6 — far inside the ±0.01 of the
 * two-decimal scoreboard. With our exact sweep the scores are compared with the two-decimal scoreboard values
 * (±0.005, i.e. they round to the published figure), except reward_low_FP_rate, where NAB's published 63.12 came
 * from a hill-climb that stopped at a local optimum (spec §2.7): the sweep finds 63.21.
 */
class NabPublishedScoresTest {
    private static final List<String> PROFILES = List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate");

    private static Path root;
    private static NabScorer scorer;
    private static Map<String, double[]> numenta;
    private static JsonNode finalResults;
    private static JsonNode thresholds;

    @BeforeAll
    static void load() throws IOException {
        root = org.auditml.testkit.Nab.root();
        scorer = new NabScorer(root);
        numenta = ResultCsv.readDetector(root.resolve("results"), "numenta", scorer.corpus());
        ObjectMapper json = new ObjectMapper();
        finalResults = json.readTree(root.resolve("results/final_results.json").toFile());
        thresholds = json.readTree(root.resolve("config/thresholds.json").toFile());
    }

    @Test
    void corpus_hasTheSpecsShape() {
        NabCorpus corpus = scorer.corpus();
        List<String> files = corpus.fileNames();
        int rows = 0;
        int scored = 0;
        int scoredInWindows = 0;
        for (String f : files) {
            DataFile data = corpus.file(f);
            rows += data.rowCount();
            scored += data.rowCount() - data.probationLength();
            scoredInWindows += corpus.windows(f).stream().mapToInt(AnomalyWindow::width).sum();
        }
        assertThat(files).hasSize(58);
        assertThat(rows).isEqualTo(365_558);
        assertThat(scored).isEqualTo(332_842);
        assertThat(scoredInWindows).isEqualTo(33_495);
        assertThat(corpus.windowCount()).isEqualTo(116);
        assertThat(files.stream().filter(f -> corpus.windows(f).isEmpty())).hasSize(6);
        assertThat(corpus.profiles().keySet()).containsExactlyElementsOf(PROFILES);
        assertThat(corpus.file("realTweets/Twitter_volume_AAPL.csv").probationLength()).isEqualTo(750);
        assertThat(corpus.file("realTraffic/speed_7578.csv").probationLength()).isEqualTo(169);
        assertThat(corpus.windows("realTraffic/speed_7578.csv")).extracting(AnomalyWindow::width)
                .containsExactly(29, 29, 29, 29);
    }

    @Test
    void numenta_perFileScoresAtNabsThresholds_equalTheCommittedScoreColumn() throws IOException {
        for (String profileName : PROFILES) {
            CostProfile profile = scorer.corpus().profiles().get(profileName);
            double threshold = thresholds.path("numenta").path(profileName).path("threshold").asDouble();
            Path csv = root.resolve("results/numenta/numenta_" + profileName + "_scores.csv");
            List<String> lines = Files.readAllLines(csv);
            int files = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] cell = line.split(",");
                if (cell[0].equals("Totals")) {
                    continue;
                }
                RawScore ours = scorer.scoreFile(cell[2], numenta.get(cell[2]), profile, threshold);
                assertThat(ours.rawScore()).as("%s %s", profileName, cell[2])
                        .isCloseTo(Double.parseDouble(cell[4]), within(1e-9));
                assertThat(ours.falsePositives()).as("FP rows, %s %s", profileName, cell[2])
                        .isEqualTo(Integer.parseInt(cell[7]));
                files++;
            }
            assertThat(files).isEqualTo(58);
        }
    }

    @Test
    void numenta_atNabsThresholds_givesThePublishedScores() {
        Map<String, Double> nabThresholds = new HashMap<>();
        PROFILES.forEach(p -> nabThresholds.put(p, thresholds.path("numenta").path(p).path("threshold").asDouble()));

        NabResult result = scorer.scoreAt(numenta, nabThresholds);

        for (String p : PROFILES) {
            assertThat(result.profile(p).rawScore()).as(p)
                    .isCloseTo(thresholds.path("numenta").path(p).path("score").asDouble(), within(1e-9));
            assertThat(result.profile(p).normalisedScore()).as(p)
                    .isCloseTo(finalResults.path("numenta").path(p).asDouble(), within(1e-6));
        }
        assertThat(result.profile("standard").normalisedScore()).isCloseTo(70.10, within(0.005));
        assertThat(result.profile("reward_low_FP_rate").normalisedScore()).isCloseTo(63.12, within(0.005));
        assertThat(result.profile("reward_low_FN_rate").normalisedScore()).isCloseTo(74.32, within(0.005));
    }

    @Test
    void numenta_withTheSweep_givesThePublishedScores_andTheSweepsBetterLowFpOptimum() {
        NabResult result = scorer.score(numenta);

        assertThat(result.profile("standard").normalisedScore()).isCloseTo(70.10, within(0.005));
        assertThat(result.profile("reward_low_FN_rate").normalisedScore()).isCloseTo(74.32, within(0.005));
        assertThat(result.profile("reward_low_FP_rate").normalisedScore()).isCloseTo(63.21, within(0.005));
        for (String p : PROFILES) { // the sweep is never worse than NAB's hill-climb
            assertThat(result.profile(p).normalisedScore()).as(p)
                    .isGreaterThanOrEqualTo(finalResults.path("numenta").path(p).asDouble() - 1e-9);
        }
    }

    @Test
    void nullDetector_scoresZero() {
        Map<String, double[]> constant = new HashMap<>();
        scorer.corpus().fileNames().forEach(f -> {
            double[] s = new double[scorer.corpus().file(f).rowCount()];
            java.util.Arrays.fill(s, 0.5);
            constant.put(f, s);
        });

        NabResult result = scorer.score(constant);

        for (String p : PROFILES) {
            assertThat(result.profile(p).normalisedScore()).as(p)
                    .isEqualTo(finalResults.path("null").path(p).asDouble()).isZero();
            assertThat(result.profile(p).threshold()).isEqualTo(NabScorer.NO_DETECTIONS);
        }
        assertThat(result.profile("reward_low_FN_rate").rawScore()).isEqualTo(-232.0);
    }

    @Test
    void perfectDetector_scoresHundred() {
        Map<String, double[]> perfect = new HashMap<>();
        scorer.corpus().fileNames().forEach(f -> {
            double[] s = new double[scorer.corpus().file(f).rowCount()];
            scorer.corpus().windows(f).forEach(w -> s[w.firstRow()] = 1.0);
            perfect.put(f, s);
        });

        NabResult result = scorer.score(perfect);

        for (String p : PROFILES) {
            assertThat(result.profile(p).normalisedScore()).as(p).isCloseTo(100.0, within(1e-9));
            assertThat(result.profile(p).threshold()).isEqualTo(1.0);
            assertThat(result.profile(p).falsePositives()).isZero();
        }
    }

    /** The committed per-file scores of other detectors, summed and normalised, give their scoreboard entries. */
    @Test
    void otherDetectors_committedTotals_normaliseToTheScoreboard() throws IOException {
        for (String detector : List.of("ARTime", "contextOSE", "earthgeckoSkyline", "knncad", "relativeEntropy",
                "randomCutForest", "twitterADVec", "windowedGaussian", "skyline", "expose", "numentaTM", "null")) {
            for (String p : PROFILES) {
                CostProfile profile = scorer.corpus().profiles().get(p);
                double total = committedTotal(detector, p);
                assertThat(profile.normalise(total, scorer.corpus().windowCount())).as("%s %s", detector, p)
                        .isCloseTo(finalResults.path(detector).path(p).asDouble(), within(1e-6));
            }
        }
    }

    private static double committedTotal(String detector, String profile) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("results").resolve(detector)
                .resolve(detector + "_" + profile + "_scores.csv"));
        return lines.stream().skip(1).map(l -> l.split(",")).filter(c -> !c[0].equals("Totals"))
                .mapToDouble(c -> Double.parseDouble(c[4])).sum();
    }
}

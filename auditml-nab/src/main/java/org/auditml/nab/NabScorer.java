package org.auditml.nab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a detector's output on the NAB corpus (spec §2): one anomaly score in [0, 1] per row of every file, rows
 * in file order, probation rows included (they are ignored). A row is a detection iff its score ≥ the threshold.
 * {@link #score} picks one threshold per profile for the whole corpus by an exact sweep and normalises the raw score
 * to 0 (null detector) … 100 (perfect detector); {@link #scoreAt} applies given thresholds instead.
 */
public final class NabScorer {
    /** The threshold reported when detecting nothing scores best: above every valid score (NAB uses 1.1 too). */
    public static final double NO_DETECTIONS = 1.1;

    private final NabCorpus corpus;
    private final Map<String, FileWeights> weights = new LinkedHashMap<>();

    public NabScorer(NabCorpus corpus) {
        this.corpus = corpus;
        for (String name : corpus.fileNames()) {
            weights.put(name, new FileWeights(corpus.file(name).rowCount(), corpus.windows(name)));
        }
    }

    /** Reads the corpus under a NAB root directory. */
    public NabScorer(Path nabRoot) {
        this(NabCorpus.load(nabRoot));
    }

    public NabCorpus corpus() {
        return corpus;
    }

    /**
     * The NAB result with the corpus-optimal threshold per profile.
     *
     * @param anomalyScores for every corpus file ({@code <category>/<file>.csv}), one score per row
     */
    public NabResult score(Map<String, double[]> anomalyScores) {
        List<double[]> scores = inCorpusOrder(anomalyScores);
        ThresholdSweep sweep = new ThresholdSweep(new ArrayList<>(weights.values()), scores);
        Map<String, ProfileScore> result = new LinkedHashMap<>();
        for (CostProfile profile : corpus.profiles().values()) {
            double threshold = sweep.best(profile, NO_DETECTIONS).threshold();
            // re-added file by file, so the reported score equals scoreAt(...) at this threshold exactly
            result.put(profile.name(), profileScore(profile, threshold, scores));
        }
        return new NabResult(result);
    }

    /** The NAB result at a given threshold per profile name (every profile of the corpus must have one). */
    public NabResult scoreAt(Map<String, double[]> anomalyScores, Map<String, Double> thresholdByProfile) {
        List<double[]> scores = inCorpusOrder(anomalyScores);
        Map<String, ProfileScore> result = new LinkedHashMap<>();
        for (CostProfile profile : corpus.profiles().values()) {
            Double threshold = thresholdByProfile.get(profile.name());
            if (threshold == null) {
                throw new IllegalArgumentException("no threshold for profile " + profile.name());
            }
            result.put(profile.name(), profileScore(profile, threshold, scores));
        }
        return new NabResult(result);
    }

    /** One file's raw score at a threshold (NAB's per-file {@code Score} column). */
    public RawScore scoreFile(String relativePath, double[] anomalyScores, CostProfile profile, double threshold) {
        FileWeights f = weightsOf(relativePath);
        checkScores(relativePath, anomalyScores, f.rowCount());
        return f.score(anomalyScores, profile, threshold);
    }

    private ProfileScore profileScore(CostProfile profile, double threshold, List<double[]> scores) {
        double raw = 0;
        int detectedWindows = 0;
        int falsePositives = 0;
        int k = 0;
        for (FileWeights f : weights.values()) {
            RawScore s = f.score(scores.get(k++), profile, threshold);
            raw += s.rawScore();
            detectedWindows += s.detectedWindows();
            falsePositives += s.falsePositives();
        }
        return new ProfileScore(profile.name(), threshold, raw, profile.normalise(raw, corpus.windowCount()),
                detectedWindows, falsePositives);
    }

    private List<double[]> inCorpusOrder(Map<String, double[]> anomalyScores) {
        for (String name : anomalyScores.keySet()) {
            weightsOf(name);
        }
        List<double[]> ordered = new ArrayList<>(weights.size());
        weights.forEach((name, f) -> {
            double[] s = anomalyScores.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no anomaly scores for " + name);
            }
            checkScores(name, s, f.rowCount());
            ordered.add(s);
        });
        return ordered;
    }

    private FileWeights weightsOf(String relativePath) {
        FileWeights f = weights.get(relativePath);
        if (f == null) {
            throw new IllegalArgumentException("not a corpus file: " + relativePath);
        }
        return f;
    }

    /** One score per row, each in [0, 1] (NAB's harness rejects anything else). */
    private static void checkScores(String name, double[] scores, int rows) {
        if (scores.length != rows) {
            throw new IllegalArgumentException(name + ": " + scores.length + " anomaly scores for " + rows + " rows");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0.0 && scores[i] <= 1.0)) {
                throw new IllegalArgumentException(name + ": anomaly score " + scores[i] + " on row " + i
                        + " is not in [0, 1]");
            }
        }
    }
}

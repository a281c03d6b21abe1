package org.auditml.engine.score;

import java.util.Arrays;

/**
 * Normalises raw scores of one scope (a detector and partition, the buckets, an influencer field) to 0–100 against
 * that scope's own history, as ml-cpp's {@code CAnomalyScore::CNormalizer}: the score is the smaller of (a) the raw
 * score's percentile among the scope's past raw scores, mapped through ml-cpp's knot points, and (b) a ceiling from
 * its ratio to the largest raw score the scope has seen, so that the largest anomaly seen scores near 100 and ordinary
 * noise near 0.
 *
 * <p>The history is a decaying histogram of raw scores (0.1 wide bins over 0..100), a bounded quantile sketch.
 * Scores are only meaningful once a scope has history: with none, {@link #normalize} gives 0 (Elastic's cold start).
 */
public final class ScoreNormalizer {
    private static final int BINS = 1001;
    /** ml-cpp DEFAULT_NORMALIZED_SCORE_KNOT_POINTS: percentile → score. */
    private static final double[][] KNOTS = {{0, 0}, {70, 1}, {85, 1.2}, {90, 1.5}, {95, 3}, {97, 20}, {99, 50},
            {99.9, 90}, {100, 100}};

    private final double decayPerSample;
    private final double decay;
    private final double[] histogram = new double[BINS];
    private double weight;
    private double maxRaw;

    /** @param decayPerSample how much the history fades with each sample (e.g. 0.001) */
    public ScoreNormalizer(double decayPerSample) {
        if (decayPerSample < 0 || decayPerSample >= 1) {
            throw new IllegalArgumentException("decayPerSample must be in [0, 1): " + decayPerSample);
        }
        this.decayPerSample = decayPerSample;
        this.decay = 1 - decayPerSample;
    }

    /** Adds a raw score to the history (every bucket's largest raw score of the scope, zeros included). */
    public void add(double raw) {
        for (int i = 0; i < BINS; i++) {
            histogram[i] *= decay;
        }
        weight = weight * decay + 1;
        histogram[bin(raw)] += 1;
        maxRaw = Math.max(maxRaw, raw);
    }

    /** The 0–100 score of a raw score, against the history so far (the raw score itself included). */
    public double normalize(double raw) {
        if (raw <= 0 || weight <= 0) {
            return 0;
        }
        int b = bin(raw);
        double below = 0;
        for (int i = 0; i < b; i++) {
            below += histogram[i];
        }
        // half of the raw score's own bin counts as below: the middle of the tie
        double percentile = 100 * (below + histogram[b] / 2) / weight;
        double byPercentile = interpolate(percentile);
        double ratio = raw / Math.max(maxRaw, raw);
        double byMax = 100 * Math.min(1.5 * ratio, 0.5 + 0.5 * ratio);
        return Math.max(0, Math.min(100, Math.min(byPercentile, byMax)));
    }

    public double maxRaw() {
        return maxRaw;
    }

    private static int bin(double raw) {
        return (int) Math.max(0, Math.min(BINS - 1, Math.round(raw * 10)));
    }

    private static double interpolate(double percentile) {
        for (int i = 1; i < KNOTS.length; i++) {
            if (percentile <= KNOTS[i][0]) {
                double[] a = KNOTS[i - 1];
                double[] c = KNOTS[i];
                return a[1] + (c[1] - a[1]) * (percentile - a[0]) / (c[0] - a[0]);
            }
        }
        return 100;
    }

    /** State for snapshots. */
    public record State(int version, double decayPerSample, double[] histogram, double weight, double maxRaw) {
    }

    public State toState() {
        return new State(1, decayPerSample, histogram.clone(), weight, maxRaw);
    }

    public static ScoreNormalizer fromState(State s) {
        ScoreNormalizer n = new ScoreNormalizer(s.decayPerSample());
        System.arraycopy(s.histogram(), 0, n.histogram, 0, BINS);
        n.weight = s.weight();
        n.maxRaw = s.maxRaw();
        return n;
    }

    @Override
    public String toString() {
        return "ScoreNormalizer[weight=" + weight + ", maxRaw=" + maxRaw + ", nonEmptyBins="
                + Arrays.stream(histogram).filter(h -> h > 1e-9).count() + "]";
    }
}

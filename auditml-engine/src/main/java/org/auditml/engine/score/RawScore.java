package org.auditml.engine.score;

/**
 * ml-cpp's {@code CTools::anomalyScore}: a probability becomes a raw score. p ≥ 0.05 is not anomalous (0);
 * 1e-4 ≤ p &lt; 0.05 maps to (0, 1], linear in 1/p; 1e-50 ≤ p &lt; 1e-4 to (1, 50], linear in −log p; smaller p to
 * (50, 100], linear in −log p down to the smallest double.
 */
public final class RawScore {
    public static final double LARGEST_SIGNIFICANT_PROBABILITY = 0.05;
    private static final double SMALL = 1e-4;
    private static final double TINY = 1e-50;
    private static final double LOG_SMALL = Math.log(SMALL);
    private static final double LOG_TINY = Math.log(TINY);
    private static final double LOG_MIN = Math.log(Double.MIN_VALUE);

    private RawScore() {
    }

    /**
     * ml-cpp's probability cap on normalised scores: a log interpolation from 0 at p = 0.05 to 100 at p = 1e-4, so
     * that an event only moderately unusual never gets a large score however quiet the job's history has been.
     */
    public static double scoreCap(double probability) {
        if (probability <= SMALL) {
            return 100;
        }
        if (probability >= LARGEST_SIGNIFICANT_PROBABILITY) {
            return 0;
        }
        double logP = Math.log(probability);
        double logTop = Math.log(LARGEST_SIGNIFICANT_PROBABILITY);
        return 100 * (logTop - logP) / (logTop - LOG_SMALL);
    }

    public static double of(double probability) {
        if (!(probability >= 0) || probability > 1) {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
        }
        if (probability >= LARGEST_SIGNIFICANT_PROBABILITY) {
            return 0;
        }
        if (probability >= SMALL) {
            // 1/p from 20 to 10,000 → (0, 1]
            return (1 / probability - 1 / LARGEST_SIGNIFICANT_PROBABILITY) / (1 / SMALL - 1 / LARGEST_SIGNIFICANT_PROBABILITY);
        }
        double logP = Math.log(Math.max(probability, Double.MIN_VALUE));
        if (probability >= TINY) {
            return 1 + 49 * (logP - LOG_SMALL) / (LOG_TINY - LOG_SMALL);
        }
        return Math.min(100, 50 + 50 * (logP - LOG_TINY) / (LOG_MIN - LOG_TINY));
    }
}

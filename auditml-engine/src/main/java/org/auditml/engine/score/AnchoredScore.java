package org.auditml.engine.score;

/**
 * auditml's severity for jobs that ask for it ({@code "auditml_severity": "anchored"}, the built-in modules): a
 * result scores what its probability says, 25 points a decade from p = 0.01 (minor from 0.001, major from 0.0001,
 * critical from 0.00001), whatever else the job has seen; among critical results, Elastic's normalisation against the
 * job's history ranks them over 75–100. With Elastic's alone, an anomaly scores less the more extreme the largest one
 * the job has seen (a storm of 1e-28 behind another of 1e-55 was only major), and the largest of a quiet fortnight's
 * ordinary oddities scores high for want of anything larger. A model still settling (a count model's first week) is
 * scored against the history alone, no higher than minor.
 */
public final class AnchoredScore {
    /** Points per decade of probability, and the probability from which points count. */
    private static final double PER_DECADE = 25;
    private static final double FROM_DECADES = 2;

    private AnchoredScore() {
    }

    /** Where the critical band starts, and the highest score of a model still settling. */
    public static final double CRITICAL = 75;
    public static final double SETTLING_CAP = 49;

    /**
     * A result's score: what its probability is worth, ranked within the critical band by its {@code normalised}
     * score; for a model still settling, its normalised score, no higher than {@link #SETTLING_CAP}.
     */
    public static double combine(double normalised, double probability, boolean settled) {
        if (!settled) {
            return Math.min(normalised, SETTLING_CAP);
        }
        double anchored = of(probability);
        return anchored < CRITICAL ? anchored : Math.min(anchored, CRITICAL + normalised * (100 - CRITICAL) / 100);
    }

    /** The score a probability is worth on its own, 0–100. */
    public static double of(double probability) {
        double decades = -Math.log10(Math.max(probability, Double.MIN_VALUE));
        return Math.max(0, Math.min(100, PER_DECADE * (decades - FROM_DECADES)));
    }
}

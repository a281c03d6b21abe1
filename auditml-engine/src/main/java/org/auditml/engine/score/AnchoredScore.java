package org.auditml.engine.score;

/**
 * auditml's severity for jobs that ask for it ({@code "auditml_severity": "anchored"}, the built-in modules): a
 * result scores at least what its probability says, 25 points a decade from p = 0.01 (minor from 0.001, major from
 * 0.0001, critical from 0.00001, 100 from 0.000001), whatever else the job has seen. Elastic's normalisation, against
 * the job's history, ranks results above that. With Elastic's alone, an anomaly scores less the more extreme the
 * largest one the job has seen: a storm of 1e-28 behind another of 1e-55 was only major. The anchor is meaningful
 * because the models' probabilities are calibrated: on benign data a bucket's p is below 0.00001 about once in
 * 100,000 buckets.
 */
public final class AnchoredScore {
    /** Points per decade of probability, and the probability from which points count. */
    private static final double PER_DECADE = 25;
    private static final double FROM_DECADES = 2;

    private AnchoredScore() {
    }

    /** The score a probability is worth on its own, 0–100. */
    public static double of(double probability) {
        double decades = -Math.log10(Math.max(probability, Double.MIN_VALUE));
        return Math.max(0, Math.min(100, PER_DECADE * (decades - FROM_DECADES)));
    }
}

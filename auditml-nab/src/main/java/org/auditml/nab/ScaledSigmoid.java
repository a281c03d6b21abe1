package org.auditml.nab;

/**
 * NAB's scaled sigmoid of a relative position {@code y} (spec §2.3): {@code 2 / (1 + e^(5y)) − 1} for
 * {@code y ≤ 3}, exactly −1 beyond. Positive inside a window (y &lt; 0), negative after it. (NAB v1.1's sweeper
 * already returns −1 at y = 3 exactly; the two differ by 6e-7 there, and only at that single point.)
 */
final class ScaledSigmoid {
    /** σ(−1) = 0.98661…, the value of a detection on the first row of a window before rescaling. */
    static final double MAX = of(-1.0);

    private ScaledSigmoid() {
    }

    static double of(double y) {
        if (y > 3.0) {
            return -1.0;
        }
        return 2.0 * (1.0 / (1.0 + Math.exp(5.0 * y))) - 1.0;
    }
}

package org.auditml.testkit;

import java.util.Random;

/**
 * Random counts as real ones vary: Poisson for independent events, and the negative binomial (a Poisson whose rate
 * varies from hour to hour as a gamma) for activity that comes and goes with its users.
 */
public final class Counts {
    private Counts() {
    }

    /** A Poisson count of the given mean (Knuth's product of uniforms, in steps so that large means do not underflow). */
    public static int poisson(Random r, double mean) {
        int n = 0;
        double left = mean;
        while (left > 0) {
            double step = Math.min(left, 500);
            left -= step;
            double limit = Math.exp(-step);
            double product = r.nextDouble();
            while (product > limit) {
                n++;
                product *= r.nextDouble();
            }
        }
        return n;
    }

    /** A negative binomial count of the given mean and size: variance mean + mean²/size. */
    public static int negativeBinomial(Random r, double mean, double size) {
        return poisson(r, mean * gamma(r, size) / size);
    }

    /** A gamma variate of the given shape (at least 1) and scale 1 (Marsaglia and Tsang). */
    private static double gamma(Random r, double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}

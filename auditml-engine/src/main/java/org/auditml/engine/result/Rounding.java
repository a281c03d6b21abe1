package org.auditml.engine.result;

/** Numbers in results are written to six decimals: the same model state always gives the same document bytes. */
public final class Rounding {
    private Rounding() {
    }

    public static double sixDecimals(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}

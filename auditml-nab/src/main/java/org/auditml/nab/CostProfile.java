package org.auditml.nab;

/**
 * An application profile of {@code config/profiles.json}: the weights of a true positive, a false positive and a
 * false negative (NAB's {@code tnWeight} is unused and not kept).
 */
public record CostProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    /** The raw score of the null detector, which misses every one of {@code windows}. */
    public double nullScore(int windows) {
        return -fnWeight * windows;
    }

    /** The raw score of the perfect detector, which detects the first row of each of {@code windows}. */
    public double perfectScore(int windows) {
        return tpWeight * windows;
    }

    /** A raw corpus score on NAB's 0 (null) … 100 (perfect) scale. */
    public double normalise(double rawScore, int windows) {
        double nul = nullScore(windows);
        return 100.0 * (rawScore - nul) / (perfectScore(windows) - nul);
    }
}

package org.auditml.engine.score;

/** ml-cpp's severity bands for a 0–100 score: warning &lt; 25 ≤ minor &lt; 50 ≤ major &lt; 75 ≤ critical. */
public enum Severity {
    WARNING, MINOR, MAJOR, CRITICAL;

    public static Severity of(double score) {
        if (score >= 75) {
            return CRITICAL;
        }
        if (score >= 50) {
            return MAJOR;
        }
        if (score >= 25) {
            return MINOR;
        }
        return WARNING;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

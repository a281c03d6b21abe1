package org.auditml.engine.context;

import java.util.Optional;

/**
 * How settled a partition is: on one whose set of values has not changed for weeks a new value matters more than on
 * one (a build host) that sees new values daily.
 */
public final class Stability {
    private Stability() {
    }

    /**
     * The term for a partition where a value was last new {@code bucketsSinceNew} buckets ago, with
     * {@code recentNewRate} new values per bucket lately; {@code bucketsPerDay} turns buckets into days.
     */
    public static Optional<ContextTerm> of(long bucketsSinceNew, double recentNewRate, double bucketsPerDay) {
        double days = bucketsSinceNew / bucketsPerDay;
        if (days >= 7) {
            return Optional.of(new ContextTerm(0.3, "no new program there for " + Math.round(days) + " days"));
        }
        if (recentNewRate >= 0.05) {
            return Optional.of(new ContextTerm(Math.min(10, recentNewRate * 100), "new programs appear there often"));
        }
        return Optional.empty();
    }
}

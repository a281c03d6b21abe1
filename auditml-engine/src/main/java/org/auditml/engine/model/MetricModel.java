package org.auditml.engine.model;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * One metric series (the bucket's mean, sum, min or max of a field): a level that follows the series, a daily
 * profile of its deviations once two days have been seen, and a robust scale of its residuals. A bucket's probability
 * is the Student-t tail (3 degrees of freedom: metrics have heavy tails) of its standardised residual; a shift that
 * lasts is caught by testing the mean residual of the last {@value #WINDOW} buckets as well. Until
 * {@value #LEARNING} buckets have been seen the model is learning.
 */
public final class MetricModel {
    public static final int WINDOW = 6;
    static final int LEARNING = 20;
    private static final long DAY_MS = 86_400_000L;
    private static final TDistribution T = new TDistribution(null, 3);

    private final long bucketSpanMillis;
    private final int cellsPerDay;
    private final double[] dayOffset;
    private final int[] dayCount;
    private double level;
    private double scale;
    private long observations;
    private long firstBucketMillis = Long.MIN_VALUE;
    private final double[] recent = new double[WINDOW];
    private int recentFill;
    private int recentPos;

    public MetricModel(long bucketSpanMillis) {
        if (bucketSpanMillis <= 0) {
            throw new IllegalArgumentException("bucketSpanMillis must be positive: " + bucketSpanMillis);
        }
        this.bucketSpanMillis = bucketSpanMillis;
        this.cellsPerDay = (int) Math.max(1, DAY_MS / bucketSpanMillis);
        this.dayOffset = new double[cellsPerDay];
        this.dayCount = new int[cellsPerDay];
    }

    /** What the model expects of a bucket and how likely the actual value is. */
    public record Assessment(double probability, double typical, double actual, double lowerBound, double upperBound,
                             boolean multiBucket, boolean learning) {
    }

    public Assessment assess(long bucketStartMillis, double value, CountModel.Side side) {
        double typical = predict(bucketStartMillis);
        double s = Math.max(scale, 1e-9 * Math.max(1, Math.abs(level)));
        double z = observations == 0 ? 0 : (value - typical) / s;
        double single = tail(z, side);
        double windowSum = z;
        int n = 1;
        for (int i = 0; i < recentFill && i < WINDOW - 1; i++) {
            windowSum += recent[Math.floorMod(recentPos - 1 - i, WINDOW)];
            n++;
        }
        double multi = n == WINDOW ? tail(windowSum / Math.sqrt(n), side) : 1.0;
        boolean multiWins = multi < single;
        double p = Math.min(1.0, 2 * Math.min(single, multi));
        return new Assessment(p, typical, value, typical - 3 * s, typical + 3 * s, multiWins, isLearning());
    }

    public void add(long bucketStartMillis, double value) {
        if (firstBucketMillis == Long.MIN_VALUE) {
            firstBucketMillis = bucketStartMillis;
            level = value;
        }
        double typical = predict(bucketStartMillis);
        double residual = value - typical;
        double s = Math.max(scale, 1e-9 * Math.max(1, Math.abs(level)));
        double z = observations == 0 ? 0 : residual / s;
        // clip what one bucket can teach: an outlier should not drag the level or blow up the scale
        double clipped = Math.max(-4 * s, Math.min(4 * s, residual));
        double rate = 1.0 / Math.min(observations + 1, 50);
        if (observations == 0) {
            scale = Math.abs(value) * 0.01 + 1e-9;
        } else {
            scale += rate * (Math.abs(clipped) * 1.25 - scale);
        }
        level += Math.max(rate, 0.05) * (value - level);
        int cell = cell(bucketStartMillis);
        dayCount[cell]++;
        dayOffset[cell] += (value - level - dayOffset[cell]) / Math.min(dayCount[cell], 8);
        recent[recentPos] = Math.max(-8, Math.min(8, z));
        recentPos = (recentPos + 1) % WINDOW;
        recentFill = Math.min(recentFill + 1, WINDOW);
        observations++;
    }

    public boolean isLearning() {
        return observations < LEARNING;
    }

    private double predict(long t) {
        long history = firstBucketMillis == Long.MIN_VALUE ? 0 : t - firstBucketMillis;
        int cell = cell(t);
        if (history >= 2 * DAY_MS && dayCount[cell] >= 2 && cellsPerDay > 1) {
            return level + dayOffset[cell];
        }
        return level;
    }

    private int cell(long t) {
        return (int) (Math.floorMod(t, DAY_MS) / bucketSpanMillis) % cellsPerDay;
    }

    private static double tail(double z, CountModel.Side side) {
        double high = T.cumulativeProbability(-z);
        double low = T.cumulativeProbability(z);
        return switch (side) {
            case HIGH -> high;
            case LOW -> low;
            case BOTH -> Math.min(1.0, 2 * Math.min(high, low));
        };
    }

    /** State for snapshots. */
    public record State(int version, long bucketSpanMillis, double[] dayOffset, int[] dayCount, double level,
                        double scale, long observations, long firstBucketMillis, double[] recent, int recentFill,
                        int recentPos) {
    }

    public State toState() {
        return new State(1, bucketSpanMillis, dayOffset.clone(), dayCount.clone(), level, scale, observations,
                firstBucketMillis, recent.clone(), recentFill, recentPos);
    }

    public static MetricModel fromState(State s) {
        MetricModel m = new MetricModel(s.bucketSpanMillis());
        System.arraycopy(s.dayOffset(), 0, m.dayOffset, 0, m.dayOffset.length);
        System.arraycopy(s.dayCount(), 0, m.dayCount, 0, m.dayCount.length);
        m.level = s.level();
        m.scale = s.scale();
        m.observations = s.observations();
        m.firstBucketMillis = s.firstBucketMillis();
        System.arraycopy(s.recent(), 0, m.recent, 0, WINDOW);
        m.recentFill = s.recentFill();
        m.recentPos = s.recentPos();
        return m;
    }

    /** Approximate bytes held. */
    public long sizeBytes() {
        return 128 + 12L * dayOffset.length + 8L * WINDOW;
    }
}

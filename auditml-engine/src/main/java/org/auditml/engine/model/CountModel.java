package org.auditml.engine.model;

import org.apache.commons.math3.special.Beta;

/**
 * Counts per bucket of one series, with daily and weekly seasonality learnt from the data, and an overdispersed
 * (negative binomial) residual whose dispersion is fitted to the series itself: counts of processes are far more
 * variable than a Poisson, and a plain Gaussian would make every busy hour look anomalous.
 *
 * <p>The baseline for a bucket is the running mean of the same hour of the week once two weeks have been seen, else
 * of the same hour of a weekday or of a weekend day once a week has, else of the same hour of the day once two days
 * have, else of all buckets. A slow multiplicative trend (the ratio of the recent counts to their seasonal baselines,
 * over about a week, once a week's shape is known) lets the baseline follow growth or decline that the running
 * means lag behind. Anomalies that span several buckets are tested too: the sum of the last
 * {@value #WINDOW} buckets against the sum of their baselines. Until a day of buckets (at least 24) has been seen the
 * model is learning.
 *
 * <p>The spread is seasonal too, as ml-cpp's seasonal variance scale: one variance function of the mean is fitted
 * over all buckets, and each hour of a weekday or of a weekend day learns how its squared residuals compare with it,
 * so that a quiet, regular night gets a narrow band and a bursty working day a wide one (a night that doubles is
 * unusual even when the day's peaks are higher). An hour's scale is used once it has {@value #SCALE_MIN} residuals.
 *
 * <p>Empty buckets: {@code count} functions add them as zeros; {@code non_zero_count} functions leave them out
 * ({@code skipsEmpty}).
 */
public final class CountModel {
    /** Buckets in the multi-bucket window (ml-cpp: 12). */
    public static final int WINDOW = 12;
    private static final long DAY_MS = 86_400_000L;
    private static final long WEEK_MS = 7 * DAY_MS;
    /** Days over which the trend is measured. */
    private static final long TREND_DAYS = 7;
    /** Memory of the running means, in observations of a cell. */
    private static final int CELL_MEMORY = 8;
    /** Residuals an hour's variance scale needs before it is used, and its memory. */
    static final int SCALE_MIN = 4;
    private static final int SCALE_MEMORY = 16;
    /** A residual teaches the variance scale no more than this many times the fitted variance (a 5-sd outlier). */
    private static final double SCALE_CLIP = 25;

    private final long bucketSpanMillis;
    private final boolean skipsEmpty;
    private final int cellsPerDay;
    private final double[] dayMean;
    private final int[] dayCount;
    private final double[] weekMean;
    private final int[] weekCount;
    /** Hour of the day, weekdays then weekend days. */
    private final double[] workMean;
    private final int[] workCount;
    /** Per hour of a weekday or a weekend day: the squared residuals' ratio to the fitted variance, and how many. */
    private final double[] workScale;
    private final int[] workScaleCount;
    private double logTrend;
    /** Running means of the recent counts and of their seasonal baselines, whose ratio is the trend. */
    private double trendCounts;
    private double trendSeasonal;
    private long trendUpdates;
    private double levelMean;
    private long observations;
    private long firstBucketMillis = Long.MIN_VALUE;
    /** Start of the last bucket with a count above zero: how long ago the series was last active. */
    private long lastActiveMillis = Long.MIN_VALUE;
    /**
     * Variance as a function of the mean, var = a·mu + b·mu², fitted by weighted least squares on the squared
     * residuals (running weighted sums of mu², mu³, mu⁴, e²·mu, e²·mu²). a ≥ 1 allows more than Poisson noise at
     * every level; b is the negative binomial's 1/r.
     */
    private final double[] moments = new double[5];
    private double dispersionA = 1.5;
    private double dispersionB = 0.05;
    private final double[] windowActual = new double[WINDOW];
    private final double[] windowTypical = new double[WINDOW];
    /** Each window bucket's variance scale, as it was assessed. */
    private final double[] windowScale = new double[WINDOW];
    private int windowFill;
    private int windowPos;

    public CountModel(long bucketSpanMillis, boolean skipsEmpty) {
        if (bucketSpanMillis <= 0) {
            throw new IllegalArgumentException("bucketSpanMillis must be positive: " + bucketSpanMillis);
        }
        this.bucketSpanMillis = bucketSpanMillis;
        this.skipsEmpty = skipsEmpty;
        this.cellsPerDay = (int) Math.max(1, DAY_MS / bucketSpanMillis);
        this.dayMean = new double[cellsPerDay];
        this.dayCount = new int[cellsPerDay];
        this.weekMean = new double[cellsPerDay * 7];
        this.weekCount = new int[cellsPerDay * 7];
        this.workMean = new double[cellsPerDay * 2];
        this.workCount = new int[cellsPerDay * 2];
        this.workScale = new double[cellsPerDay * 2];
        this.workScaleCount = new int[cellsPerDay * 2];
    }

    public boolean skipsEmpty() {
        return skipsEmpty;
    }

    /** What the model expects of a bucket, and how likely the actual count is. */
    public record Assessment(double probability, double typical, double actual, double lowerBound, double upperBound,
                             boolean multiBucket, boolean learning, Baseline baseline) {
    }

    /** Which baseline gave the typical value. */
    public enum Baseline { WEEKLY, WORKDAY, DAILY, LEVEL }

    /** Assesses {@code count} for the bucket starting at {@code bucketStartMillis}, before adding it. */
    public Assessment assess(long bucketStartMillis, double count, Side side) {
        Baseline baseline = baselineFor(bucketStartMillis);
        double typical = Math.max(predict(bucketStartMillis, baseline), 0.5 / Math.max(1, cellsPerDay));
        // a quasi negative binomial: X / a ~ NB(mu / a, r) has mean mu and variance a·mu + mu²/r; the hour's
        // variance scale multiplies both terms, never below Poisson noise
        double scale = varianceScale(bucketStartMillis, baseline);
        double a = Math.max(1.0, dispersionA * scale);
        double r = 1.0 / (dispersionB * scale);
        double single = tail(count / a, typical / a, r, side);
        // the window of the last WINDOW-1 buckets plus this one, each with the variance of its own hour
        boolean high = side == Side.LOW ? false : side == Side.HIGH || count >= typical;
        double sumActual = count;
        double sumTypical = typical;
        double sumVariance = variance(typical, scale);
        int leaning = high == (count > typical) ? 1 : 0;
        for (int i = 0; i < windowFill && i < WINDOW - 1; i++) {
            int idx = Math.floorMod(windowPos - 1 - i, WINDOW);
            // each earlier bucket counts at most 2 sd from its typical value: one spike alone does not make the
            // hours after it a sustained anomaly (its own bucket has been scored already)
            double t = windowTypical[idx];
            double v = variance(t, windowScale[idx]);
            double sdT = Math.sqrt(v);
            sumActual += Math.max(t - 2 * sdT, Math.min(t + 2 * sdT, windowActual[idx]));
            sumTypical += t;
            sumVariance += v;
            if (high ? windowActual[idx] > t : windowActual[idx] < t) {
                leaning++;
            }
        }
        boolean full = windowFill >= WINDOW - 1;
        double multi = full ? sumTail(sumActual, sumTypical, sumVariance, side) : 1.0;
        // sustained means the buckets before this one were unusual too, and most of the window leans the same way
        // as this bucket: not one large bucket among ordinary ones, neither this one nor an earlier one
        double before = full ? sumTail(sumActual - count, sumTypical - typical, sumVariance - variance(typical, scale),
                side) : 1.0;
        boolean sameWay = high ? count > typical : count < typical;
        boolean multiWins = multi < single && before < 0.05 && sameWay && leaning * 3 >= WINDOW * 2;
        // two tests: take the smaller probability, corrected for having looked twice
        // a tail beyond double precision is the smallest positive probability: RawScore scores it as it scores 0
        double p = Math.max(Double.MIN_VALUE, Math.min(1.0, 2 * (multiWins ? multi : single)));
        double sd = Math.sqrt(a * typical + typical * typical / r);
        return new Assessment(p, typical, count, Math.max(0, typical - 2 * sd), typical + 2 * sd, multiWins,
                isLearning(), baseline);
    }

    /** Adds a bucket's count to the model. */
    public void add(long bucketStartMillis, double count) {
        if (firstBucketMillis == Long.MIN_VALUE) {
            firstBucketMillis = bucketStartMillis;
        }
        if (count > 0) {
            lastActiveMillis = bucketStartMillis;
        }
        Baseline baseline = baselineFor(bucketStartMillis);
        double typical = Math.max(predict(bucketStartMillis, baseline), 0.5 / Math.max(1, cellsPerDay));
        learnScale(bucketStartMillis, count);
        if (observations > 0) {
            // an outlier teaches the noise no more than 4 sd's worth: one spike must not widen every later band
            double variance = dispersionA * typical + dispersionB * typical * typical;
            double e2 = Math.min((count - typical) * (count - typical), 16 * variance);
            double w = 1.0 / Math.max(typical, 1.0) / Math.max(typical, 1.0);
            double[] x = {w * typical * typical, w * typical * typical * typical,
                    w * typical * typical * typical * typical, w * e2 * typical, w * e2 * typical * typical};
            // about a week of hourly buckets: the fit follows the baseline as it improves (level → daily → weekly)
            double rate = 1.0 / Math.min(observations + 1, 168);
            for (int i = 0; i < 5; i++) {
                moments[i] += rate * (x[i] - moments[i]);
            }
            double det = moments[0] * moments[2] - moments[1] * moments[1];
            if (observations > 24 && det > 1e-12 * moments[0] * moments[2]) {
                double a = (moments[3] * moments[2] - moments[4] * moments[1]) / det;
                double b = (moments[0] * moments[4] - moments[1] * moments[3]) / det;
                dispersionA = Math.max(1.0, Math.min(a, 100));
                dispersionB = Math.max(1e-3, Math.min(b, 10));
            }
        }
        windowActual[windowPos] = count;
        windowTypical[windowPos] = typical;
        windowScale[windowPos] = varianceScale(bucketStartMillis, baseline);
        windowPos = (windowPos + 1) % WINDOW;
        windowFill = Math.min(windowFill + 1, WINDOW);

        if (baseline == Baseline.WORKDAY || baseline == Baseline.WEEKLY) {
            // how far the seasonal means lag behind the counts (before a week, what the daily means miss is the
            // week's shape, not a trend): the ratio of the recent counts' sum to their seasonal
            // means' (a mean of log ratios would drift low on a bursty series), a burst counting no more than 4 sd
            double seasonal = Math.max(predictSeasonal(bucketStartMillis, baseline), 0.5 / Math.max(1, cellsPerDay));
            double expected = seasonal * Math.exp(logTrend);
            double capped = Math.min(count, expected + 4 * Math.sqrt(dispersionA * expected + dispersionB * expected * expected));
            trendUpdates++;
            long window = TREND_DAYS * Math.max(cellsPerDay, 8);
            double rate = 1.0 / Math.min(trendUpdates, window);
            trendCounts += rate * (capped - trendCounts);
            trendSeasonal += rate * (seasonal - trendSeasonal);
            if (trendCounts > 0 && trendSeasonal > 0) {
                // a trend measured over less than its window is trusted in proportion: a few bursty buckets are no trend
                double measured = Math.log(trendCounts / trendSeasonal) * Math.min(1.0, (double) trendUpdates / window);
                logTrend = Math.max(Math.log(0.2), Math.min(Math.log(5), measured));
            }
        }
        int day = dayCell(bucketStartMillis);
        int week = weekCell(bucketStartMillis);
        int work = workCell(bucketStartMillis);
        workCount[work]++;
        workMean[work] += (count - workMean[work]) / Math.min(workCount[work], CELL_MEMORY);
        dayCount[day]++;
        dayMean[day] += (count - dayMean[day]) / Math.min(dayCount[day], CELL_MEMORY);
        weekCount[week]++;
        weekMean[week] += (count - weekMean[week]) / Math.min(weekCount[week], CELL_MEMORY);
        observations++;
        levelMean += (count - levelMean) / Math.min(observations, (long) cellsPerDay * 7);
    }

    /** The variance of a bucket whose typical count is {@code typical}, in an hour of variance scale {@code scale}. */
    private double variance(double typical, double scale) {
        double a = Math.max(1.0, dispersionA * scale);
        return a * typical + dispersionB * scale * typical * typical;
    }

    /**
     * The tail of a sum of buckets with mean {@code mean} and variance {@code variance}: a quasi negative binomial of
     * that mean and variance (Poisson noise at least).
     */
    private double sumTail(double sum, double mean, double variance, Side side) {
        double a = Math.max(1.0, Math.min(dispersionA, variance / mean));
        double extra = variance - a * mean;
        double r = extra > 1e-9 * mean * mean ? mean * mean / extra : 1e9;
        return tail(sum / a, mean / a, r, side);
    }

    /**
     * The hour's variance scale, for a baseline of the hour of a weekday or weekend day (or of the week): its own and
     * its neighbouring hours' (weighted 1/2, 1/4, 1/4), once they have {@value #SCALE_MIN} residuals between them, or
     * its own if that is wider; else 1, the variance fitted over all hours.
     */
    private double varianceScale(long t, Baseline baseline) {
        if (baseline != Baseline.WORKDAY && baseline != Baseline.WEEKLY) {
            return 1.0;
        }
        int cell = workCell(t);
        int half = cell / cellsPerDay * cellsPerDay;
        double weighted = 0;
        double n = 0;
        for (int d = -1; d <= 1; d++) {
            int c = half + Math.floorMod(cell - half + d, cellsPerDay);
            double w = (d == 0 ? 0.5 : 0.25) * workScaleCount[c];
            weighted += w * workScale[c];
            n += w;
        }
        if (n < SCALE_MIN / 2.0) {
            return 1.0;
        }
        // never narrower than the hour's own: a quiet neighbour must not narrow the band of a busy hour beside it
        double own = workScaleCount[cell] >= 2 ? workScale[cell] : 0;
        return Math.max(1e-3, Math.max(own, weighted / n));
    }

    /**
     * Learns the hour's variance scale: the squared residual of a count from its hour's mean (of weekdays, or of
     * weekend days), against the variance fitted over all hours at that mean.
     */
    private void learnScale(long t, double count) {
        int cell = workCell(t);
        if (workCount[cell] < 2) {
            return; // no mean to measure a residual from yet
        }
        double mean = Math.max(workMean[cell] * Math.exp(logTrend), 0.5 / Math.max(1, cellsPerDay));
        double variance = dispersionA * mean + dispersionB * mean * mean;
        double ratio = Math.min((count - mean) * (count - mean) / variance, SCALE_CLIP);
        workScaleCount[cell]++;
        workScale[cell] += (ratio - workScale[cell]) / Math.min(workScaleCount[cell], SCALE_MEMORY);
    }

    public boolean isLearning() {
        return observations < Math.max(24, cellsPerDay);
    }

    /** Start of the last bucket in which the series had a count above zero (Long.MIN_VALUE: never). */
    public long lastActiveMillis() {
        return lastActiveMillis;
    }

    public long observations() {
        return observations;
    }

    private Baseline baselineFor(long t) {
        long history = firstBucketMillis == Long.MIN_VALUE ? 0 : t - firstBucketMillis;
        if (history >= 2 * WEEK_MS && weekCount[weekCell(t)] >= 2) {
            return Baseline.WEEKLY;
        }
        if (history >= WEEK_MS && workCount[workCell(t)] >= 2) {
            return Baseline.WORKDAY;
        }
        if (history >= 2 * DAY_MS && dayCount[dayCell(t)] >= 2) {
            return Baseline.DAILY;
        }
        return Baseline.LEVEL;
    }

    private double predict(long t, Baseline b) {
        return predictSeasonal(t, b) * Math.exp(logTrend);
    }

    private double predictSeasonal(long t, Baseline b) {
        return switch (b) {
            case WEEKLY -> weekMean[weekCell(t)];
            case WORKDAY -> workMean[workCell(t)];
            case DAILY -> dayMean[dayCell(t)];
            case LEVEL -> levelMean;
        };
    }

    /** Hour-of-day cell of weekdays, or of weekend days (Saturday and Sunday, UTC). */
    private int workCell(long t) {
        boolean weekend = Math.floorMod(t + 3 * DAY_MS, WEEK_MS) >= 5 * DAY_MS;
        return (weekend ? cellsPerDay : 0) + dayCell(t);
    }

    private int dayCell(long t) {
        return (int) (Math.floorMod(t, DAY_MS) / bucketSpanMillis) % cellsPerDay;
    }

    /** Weeks are counted from Monday 00:00 UTC (the epoch was a Thursday). */
    private int weekCell(long t) {
        long sinceMonday = Math.floorMod(t + 3 * DAY_MS, WEEK_MS);
        return (int) (sinceMonday / bucketSpanMillis) % (cellsPerDay * 7);
    }

    /** Which tail is anomalous. */
    public enum Side { HIGH, LOW, BOTH }

    /**
     * Tail probability of {@code x} under a negative binomial with mean {@code mu} and size {@code r}:
     * P(X ≥ x) = I_{1-p}(x, r) and P(X ≤ x) = I_p(r, x + 1) with p = r / (r + mu), via the regularized incomplete
     * beta function, which keeps deep tails accurate.
     */
    static double tail(double x, double mu, double r, Side side) {
        double p = r / (r + mu);
        double high = x <= 0 ? 1.0 : Beta.regularizedBeta(1 - p, x, r);
        double low = Beta.regularizedBeta(p, r, x + 1);
        return switch (side) {
            case HIGH -> high;
            case LOW -> low;
            case BOTH -> Math.min(1.0, 2 * Math.min(high, low));
        };
    }

    /** State for snapshots. */
    public record State(int version, long bucketSpanMillis, boolean skipsEmpty, double[] dayMean, int[] dayCount,
                        double[] weekMean, int[] weekCount, double levelMean, long observations,
                        long firstBucketMillis, double[] moments, double dispersionA, double dispersionB,
                        double[] windowActual, double[] windowTypical,
                        int windowFill, int windowPos, double[] workMean, int[] workCount, double logTrend, long lastActiveMillis,
                        double[] workScale, int[] workScaleCount, double trendCounts, double trendSeasonal,
                        long trendUpdates, double[] windowScale) {
    }

    public State toState() {
        return new State(2, bucketSpanMillis, skipsEmpty, dayMean.clone(), dayCount.clone(), weekMean.clone(),
                weekCount.clone(), levelMean, observations, firstBucketMillis, moments.clone(), dispersionA,
                dispersionB, windowActual.clone(),
                windowTypical.clone(), windowFill, windowPos, workMean.clone(), workCount.clone(), logTrend, lastActiveMillis,
                workScale.clone(), workScaleCount.clone(), trendCounts, trendSeasonal, trendUpdates, windowScale.clone());
    }

    public static CountModel fromState(State s) {
        CountModel m = new CountModel(s.bucketSpanMillis(), s.skipsEmpty());
        System.arraycopy(s.dayMean(), 0, m.dayMean, 0, m.dayMean.length);
        System.arraycopy(s.dayCount(), 0, m.dayCount, 0, m.dayCount.length);
        System.arraycopy(s.weekMean(), 0, m.weekMean, 0, m.weekMean.length);
        System.arraycopy(s.weekCount(), 0, m.weekCount, 0, m.weekCount.length);
        m.levelMean = s.levelMean();
        m.observations = s.observations();
        m.firstBucketMillis = s.firstBucketMillis();
        System.arraycopy(s.moments(), 0, m.moments, 0, m.moments.length);
        m.dispersionA = s.dispersionA();
        m.dispersionB = s.dispersionB();
        System.arraycopy(s.windowActual(), 0, m.windowActual, 0, WINDOW);
        System.arraycopy(s.windowTypical(), 0, m.windowTypical, 0, WINDOW);
        m.windowFill = s.windowFill();
        m.windowPos = s.windowPos();
        if (s.workMean() != null) {
            System.arraycopy(s.workMean(), 0, m.workMean, 0, m.workMean.length);
            System.arraycopy(s.workCount(), 0, m.workCount, 0, m.workCount.length);
            m.logTrend = s.logTrend();
            m.lastActiveMillis = s.lastActiveMillis();
        }
        if (s.workScale() != null) { // absent from snapshots written before the seasonal spread
            System.arraycopy(s.workScale(), 0, m.workScale, 0, m.workScale.length);
            System.arraycopy(s.workScaleCount(), 0, m.workScaleCount, 0, m.workScaleCount.length);
            m.trendCounts = s.trendCounts();
            m.trendSeasonal = s.trendSeasonal();
            m.trendUpdates = s.trendUpdates();
            System.arraycopy(s.windowScale(), 0, m.windowScale, 0, WINDOW);
        }
        return m;
    }

    @Override
    public String toString() {
        return "CountModel[observations=" + observations + ", level=" + levelMean + ", trend=" + Math.exp(logTrend)
                + ", variance=" + dispersionA
                + "·mu + " + dispersionB + "·mu²]";
    }

    /** Approximate bytes held. */
    public long sizeBytes() {
        return 136 + 12L * (dayMean.length + weekMean.length + 2 * workMean.length) + 16L * WINDOW;
    }
}

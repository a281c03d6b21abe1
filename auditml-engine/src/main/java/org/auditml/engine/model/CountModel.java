package org.auditml.engine.model;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;

import java.util.function.DoubleUnaryOperator;

/**
 * Counts per bucket of one series, with daily and weekly seasonality learnt from the data, and an overdispersed
 * (negative binomial) residual whose dispersion is fitted to the series itself: counts of processes are far more
 * variable than a Poisson, and a plain Gaussian would make every busy hour look anomalous.
 *
 * <p>The baseline for a bucket is the running mean of the same hour of the week once it has {@value #WEEKLY_MIN} counts, else
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
 * <p>The probabilities are calibrated, so that a p of 0.01 happens about once in a hundred benign buckets
 * ({@code auditml bench calibration}): the noise is measured about the hour's own mean, not about a baseline that
 * misses the week's shape; a count's variance includes the uncertainty of the running mean it is compared with; a
 * variance measured from few residuals gives a tail as heavy as Student's t with that many degrees of freedom (a few
 * residuals that happened to be small must not make an ordinary count look extreme); and a count's tail is the
 * mid-p, half its own chance and all of the counts beyond it, so that small counts are not judged too leniently.
 * The variance is never below {@value #MIN_DISPERSION} times the mean.
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
    /**
     * Counts of an hour of the week before its own mean is the baseline: a mean of two was noisier than the mean of
     * the hour over all weekdays is biased, and made benign counts look extreme.
     */
    private static final int WEEKLY_MIN = 4;
    /** Memory of the running means, in observations of a cell. */
    private static final int CELL_MEMORY = 8;
    /** Residuals an hour's variance scale needs before it is used, and its memory. */
    static final int SCALE_MIN = 4;
    private static final int SCALE_MEMORY = 16;
    /** A residual teaches an hour's spread no more than this many times the fitted variance (a 5-sd outlier). */
    private static final double SCALE_CLIP = 25;
    /** The smallest typical count of a bucket, per day: an idle series still expects something. */
    private static final double MIN_TYPICAL = 0.5;
    /**
     * The narrowest variance, per unit of the mean: less than Poisson noise (a nightly job's fixed set of processes
     * varies less than independent events would), but not much less, whatever a few residuals say.
     */
    private static final double MIN_DISPERSION = 0.75;
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

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
    /** Per hour of a weekday or a weekend day: the running mean of its squared residuals, and how many. */
    private final double[] workSpread;
    private final int[] workSpreadCount;
    /** The trends against the hour of a weekday or weekend day, and against the hour of the week. */
    private Trend workdayTrend = new Trend();
    private Trend weeklyTrend = new Trend();
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
    /** Updates of the fit from the noise about an hour's mean (none yet: the fit is about the baseline). */
    private long fitUpdates;
    private final double[] windowActual = new double[WINDOW];
    private final double[] windowTypical = new double[WINDOW];
    /** Each window bucket's variance, as it was assessed. */
    private final double[] windowVariance = new double[WINDOW];
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
        this.workSpread = new double[cellsPerDay * 2];
        this.workSpreadCount = new int[cellsPerDay * 2];
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
        double typical = Math.max(predict(bucketStartMillis, baseline), MIN_TYPICAL / cellsPerDay);
        Spread spread = predictiveSpread(bucketStartMillis, baseline, typical);
        double variance = spread.variance();
        double single = midTail(count, typical, variance, side);
        single = side == Side.BOTH ? Math.min(1.0, 2 * withEstimatedVariance(single / 2, spread.degreesOfFreedom()))
                : withEstimatedVariance(single, spread.degreesOfFreedom());
        // the window of the last WINDOW-1 buckets plus this one, each with the variance of its own hour
        boolean high = side == Side.LOW ? false : side == Side.HIGH || count >= typical;
        double sumActual = count;
        double sumTypical = typical;
        double sumVariance = variance;
        int leaning = high == (count > typical) ? 1 : 0;
        for (int i = 0; i < windowFill && i < WINDOW - 1; i++) {
            int idx = Math.floorMod(windowPos - 1 - i, WINDOW);
            // each earlier bucket counts at most 2 sd from its typical value: one spike alone does not make the
            // hours after it a sustained anomaly (its own bucket has been scored already)
            double t = windowTypical[idx];
            double v = windowVariance[idx];
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
        double before = full ? sumTail(sumActual - count, sumTypical - typical, sumVariance - variance,
                side) : 1.0;
        boolean sameWay = high ? count > typical : count < typical;
        boolean multiWins = multi < single && before < 0.05 && sameWay && leaning * 3 >= WINDOW * 2;
        // the window's probability, taken only when it is the smaller and the window is sustained, is doubled for
        // the second look; the bucket's own stands as it is, so that a bucket's p is as frequent as it says
        // a tail beyond double precision is the smallest positive probability: RawScore scores it as it scores 0
        double p = Math.max(Double.MIN_VALUE, Math.min(1.0, multiWins ? 2 * multi : single));
        double sd = Math.sqrt(variance);
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
        double typical = Math.max(predict(bucketStartMillis, baseline), MIN_TYPICAL / cellsPerDay);
        windowVariance[windowPos] = predictiveSpread(bucketStartMillis, baseline, typical).variance();
        learnSpread(bucketStartMillis, count);
        learnDispersion(bucketStartMillis, count, typical);
        windowActual[windowPos] = count;
        windowTypical[windowPos] = typical;
        windowPos = (windowPos + 1) % WINDOW;
        windowFill = Math.min(windowFill + 1, WINDOW);

        // how far the seasonal means lag behind the counts, measured for the hour of a weekday or weekend day once a
        // week's shape is known (before, what the daily means miss is the week's shape, not a trend), and for the
        // hour of the week once it has a count, so that the trend is already right when that becomes the baseline
        long window = TREND_DAYS * Math.max(cellsPerDay, 8);
        if (baseline == Baseline.WORKDAY || baseline == Baseline.WEEKLY) {
            workdayTrend.learn(count, Math.max(workMean[workCell(bucketStartMillis)], MIN_TYPICAL / cellsPerDay),
                    this::fitted, window);
        }
        if (weekCount[weekCell(bucketStartMillis)] > 0 && firstBucketMillis <= bucketStartMillis - WEEK_MS) {
            weeklyTrend.learn(count, Math.max(weekMean[weekCell(bucketStartMillis)], MIN_TYPICAL / cellsPerDay),
                    this::fitted, window);
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

    /**
     * Fits the variance function to the noise about the mean of the hour of a weekday or of a weekend day, once that
     * mean has two counts (what a day's baseline misses of the week's shape is no noise), less the part the mean's own
     * uncertainty explains; before any hour has, about the baseline, which is all there is. Weighted least squares on
     * running sums over about a week of hourly buckets; an outlier teaches it no more than 4 sd's worth, so that one
     * spike does not widen every later band.
     */
    private void learnDispersion(long t, double count, double typical) {
        int cell = workCell(t);
        boolean known = workCount[cell] >= 2;
        if (observations == 0 || !known && fitUpdates > 0) {
            return;
        }
        long updates = known ? ++fitUpdates : observations;
        double mean = known ? hourMean(cell) : typical;
        double variance = fitted(mean);
        double e2 = Math.min((count - mean) * (count - mean) / (known ? 1 + meanShare(workCount[cell]) : 1),
                16 * variance);
        double w = 1.0 / Math.max(mean, 1.0) / Math.max(mean, 1.0);
        double[] x = {w * mean * mean, w * mean * mean * mean, w * mean * mean * mean * mean, w * e2 * mean,
                w * e2 * mean * mean};
        // the first fit on known hours replaces the one about the baseline
        double rate = 1.0 / Math.min(updates, 168);
        for (int i = 0; i < 5; i++) {
            moments[i] += rate * (x[i] - moments[i]);
        }
        double det = moments[0] * moments[2] - moments[1] * moments[1];
        if (updates > 24 && det > 1e-12 * moments[0] * moments[2]) {
            double a = (moments[3] * moments[2] - moments[4] * moments[1]) / det;
            double b = (moments[0] * moments[4] - moments[1] * moments[3]) / det;
            dispersionA = Math.max(1.0, Math.min(a, 100));
            dispersionB = Math.max(1e-3, Math.min(b, 10));
        }
    }

    /**
     * How far a count may fall from the typical value of its baseline: the noise (the fitted function of the mean,
     * times the hour's variance scale, never below {@value #MIN_DISPERSION} times the mean) and the uncertainty of the
     * baseline's running mean. With it, how sure that is: the degrees of freedom of the part above the narrowest variance that the hour's
     * residuals measured, fewer the larger the part they could have measured (one time in ten); infinite when the
     * narrowest variance would remain all of it, or the function fitted over all hours gives it.
     */
    private Spread predictiveSpread(long t, Baseline baseline, double typical) {
        Scale scale = varianceScale(t, baseline);
        double noise = scale.value() * fitted(typical);
        double floor = MIN_DISPERSION * typical;
        double variance = Math.max(floor, noise) * (1 + meanShare(countsBehind(t, baseline)));
        if (Double.isInfinite(scale.residuals())) {
            return new Spread(variance, Double.POSITIVE_INFINITY);
        }
        double couldBe = noise * scale.residuals() / chiSquaredTenthPercentile(scale.residuals());
        if (couldBe <= floor) {
            return new Spread(variance, Double.POSITIVE_INFINITY);
        }
        double measured = (couldBe - floor) / couldBe;
        return new Spread(variance, scale.residuals() / (measured * measured));
    }

    /** The 10th percentile of a chi-squared variate of {@code n} degrees of freedom (Wilson and Hilferty). */
    private static double chiSquaredTenthPercentile(double n) {
        double c = 2 / (9 * n);
        double cube = Math.max(0.05, 1 - c - 1.2816 * Math.sqrt(c));
        return n * cube * cube * cube;
    }

    /** A bucket's predictive variance and the degrees of freedom of its estimate. */
    private record Spread(double variance, double degreesOfFreedom) {
    }

    /**
     * A tail probability of a count whose variance was estimated from few residuals: the tail of Student's t with
     * those degrees of freedom at the normal quantile of {@code p}, so that an hour whose few residuals happened to
     * be small does not make an ordinary count look extreme.
     */
    static double withEstimatedVariance(double p, double degreesOfFreedom) {
        if (p >= 0.5 || Double.isInfinite(degreesOfFreedom)) {
            return p;
        }
        double z = upperNormalQuantile(p);
        double v = degreesOfFreedom;
        return Math.max(p, 0.5 * Beta.regularizedBeta(v / (v + z * z), v / 2, 0.5));
    }

    /** z with P(Z > z) = p for a standard normal Z, p below 0.5; asymptotically for the far tail. */
    private static double upperNormalQuantile(double p) {
        if (p > 1e-10) {
            return -NORMAL.inverseCumulativeProbability(p);
        }
        // ln P(Z > z) ≈ -z²/2 - ln(z·√(2π)) for large z, solved by iteration
        double logP = Math.log(Math.max(p, Double.MIN_VALUE));
        double z = Math.sqrt(-2 * logP);
        for (int i = 0; i < 4; i++) {
            z = Math.sqrt(Math.max(0, -2 * logP - 2 * Math.log(z * Math.sqrt(2 * Math.PI))));
        }
        return z;
    }

    /** How many counts the baseline's running mean has. */
    private long countsBehind(long t, Baseline b) {
        return switch (b) {
            case WEEKLY -> weekCount[weekCell(t)];
            case WORKDAY -> workCount[workCell(t)];
            case DAILY -> dayCount[dayCell(t)];
            case LEVEL -> observations;
        };
    }

    /**
     * The variance of a running mean of {@code n} counts, in units of one count's: 1/n while it is a plain mean, no
     * less than that of a mean that forgets at the rate of {@value #CELL_MEMORY} counts.
     */
    private static double meanShare(long n) {
        return Math.max(1.0 / Math.max(1, n), 1.0 / (2 * CELL_MEMORY - 1));
    }

    /**
     * The tail of a sum of buckets with mean {@code mean} and variance {@code variance}: a quasi negative binomial of
     * that mean and variance.
     */
    private double sumTail(double sum, double mean, double variance, Side side) {
        double[] ar = quasi(mean, variance);
        return tail(sum / ar[0], mean / ar[0], ar[1], side);
    }

    /**
     * The mid-p tail of a count: half the chance of the count itself, and all of the counts beyond it. The plain tail
     * includes the count's own chance whole, so that small counts (a quiet night's few processes) could never be as
     * unlikely as their probabilities claimed; the mid-p's tails are about as frequent on benign data as they say.
     */
    private double midTail(double count, double mean, double variance, Side side) {
        if (side == Side.BOTH) {
            return Math.min(1.0, 2 * Math.min(midTail(count, mean, variance, Side.HIGH),
                    midTail(count, mean, variance, Side.LOW)));
        }
        double[] ar = quasi(mean, variance);
        double beyond = side == Side.HIGH ? count + 1 : count - 1;
        double outer = beyond < 0 ? 0 : tail(beyond / ar[0], mean / ar[0], ar[1], side);
        return 0.5 * (tail(count / ar[0], mean / ar[0], ar[1], side) + outer);
    }

    /**
     * A quasi negative binomial of the given mean and variance, {@code X / a ~ NB(mean / a, r)}, whose variance is
     * a·mean + mean²/r: the fitted a (counts that come in clumps), no more than the variance allows, and r for the rest.
     */
    private double[] quasi(double mean, double variance) {
        double a = variance < mean ? variance / mean : Math.max(1.0, Math.min(dispersionA, variance / mean));
        double extra = variance - a * mean;
        return new double[]{a, extra > 1e-9 * mean * mean ? mean * mean / extra : 1e9};
    }

    /**
     * The hour's variance scale, for a baseline of the hour of a weekday or weekend day (or of the week): its own and
     * its neighbouring hours' (weighted 1/2, 1/4, 1/4), once they have {@value #SCALE_MIN} residuals between them, or
     * its own if that is wider; else 1, the variance fitted over all hours. With it, how many residuals it was
     * measured from (infinite for the fitted function's).
     */
    private Scale varianceScale(long t, Baseline baseline) {
        if (baseline != Baseline.WORKDAY && baseline != Baseline.WEEKLY) {
            return Scale.FITTED;
        }
        int cell = workCell(t);
        int half = cell / cellsPerDay * cellsPerDay;
        double weighted = 0;
        double n = 0;
        double squares = 0;
        double[] ratio = new double[3];
        for (int d = -1; d <= 1; d++) {
            int c = half + Math.floorMod(cell - half + d, cellsPerDay);
            int residuals = Math.min(workSpreadCount[c], SCALE_MEMORY);
            ratio[d + 1] = residuals == 0 ? 0 : workSpread[c] / fitted(hourMean(c));
            double w = (d == 0 ? 0.5 : 0.25) * residuals;
            weighted += w * ratio[d + 1];
            n += w;
            squares += (d == 0 ? 0.25 : 0.0625) * residuals;
        }
        if (n < SCALE_MIN / 2.0) {
            return Scale.FITTED;
        }
        // the residuals a weighted mean of them is worth (Kish's effective sample size); the hour's own scale, when
        // wider, is no less sure than that: a quiet neighbour must not narrow the band of a busy hour beside it
        double residuals = n * n / squares;
        if (workSpreadCount[cell] >= 2 && ratio[1] > weighted / n) {
            return new Scale(ratio[1], residuals);
        }
        return new Scale(Math.max(1e-3, weighted / n), residuals);
    }

    /** A variance scale and the residuals it was measured from. */
    private record Scale(double value, double residuals) {
        static final Scale FITTED = new Scale(1.0, Double.POSITIVE_INFINITY);
    }

    /**
     * Learns the hour's spread: the running mean of the squared residuals of its counts from its mean (of weekdays, or
     * of weekend days), less the part that the mean's own uncertainty explains. Its ratio to the fitted function is
     * taken when it is used, so that the function may change in between.
     */
    private void learnSpread(long t, double count) {
        int cell = workCell(t);
        if (workCount[cell] < 2) {
            return; // no mean to measure a residual from yet
        }
        double mean = hourMean(cell);
        double e2 = Math.min((count - mean) * (count - mean) / (1 + meanShare(workCount[cell])),
                SCALE_CLIP * fitted(mean));
        workSpreadCount[cell]++;
        workSpread[cell] += (e2 - workSpread[cell]) / Math.min(workSpreadCount[cell], SCALE_MEMORY);
    }

    /** The mean of an hour of a weekday or weekend day, with the trend. */
    private double hourMean(int cell) {
        return Math.max(workMean[cell] * workdayTrend.factor(), MIN_TYPICAL / cellsPerDay);
    }

    /** The variance function fitted over all hours, at {@code mean}. */
    private double fitted(double mean) {
        return dispersionA * mean + dispersionB * mean * mean;
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
        if (weekCount[weekCell(t)] >= WEEKLY_MIN) {
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
        return predictSeasonal(t, b) * (b == Baseline.WEEKLY ? weeklyTrend.factor() : workdayTrend.factor());
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
                        double[] workSpread, int[] workSpreadCount, double[] windowVariance, long fitUpdates,
                        Trend.State workdayTrend, Trend.State weeklyTrend) {
    }

    public State toState() {
        return new State(2, bucketSpanMillis, skipsEmpty, dayMean.clone(), dayCount.clone(), weekMean.clone(),
                weekCount.clone(), levelMean, observations, firstBucketMillis, moments.clone(), dispersionA,
                dispersionB, windowActual.clone(),
                windowTypical.clone(), windowFill, windowPos, workMean.clone(), workCount.clone(),
                Math.log(workdayTrend.factor()), lastActiveMillis, workSpread.clone(), workSpreadCount.clone(),
                windowVariance.clone(), fitUpdates, workdayTrend.toState(), weeklyTrend.toState());
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
            m.lastActiveMillis = s.lastActiveMillis();
        }
        // snapshots written before the seasonal spread have a trend's log alone, and none of the rest
        m.workdayTrend = s.workdayTrend() != null ? Trend.fromState(s.workdayTrend()) : Trend.measured(s.logTrend());
        if (s.weeklyTrend() != null) {
            m.weeklyTrend = Trend.fromState(s.weeklyTrend());
        }
        if (s.workSpread() != null) {
            System.arraycopy(s.workSpread(), 0, m.workSpread, 0, m.workSpread.length);
            System.arraycopy(s.workSpreadCount(), 0, m.workSpreadCount, 0, m.workSpreadCount.length);
            System.arraycopy(s.windowVariance(), 0, m.windowVariance, 0, WINDOW);
            m.fitUpdates = s.fitUpdates();
        }
        return m;
    }

    @Override
    public String toString() {
        return "CountModel[observations=" + observations + ", level=" + levelMean + ", trend=" + workdayTrend.factor()
                + ", variance=" + dispersionA
                + "·mu + " + dispersionB + "·mu²]";
    }

    /**
     * How far a seasonal mean lags behind the counts: the ratio of the recent counts' sum to their seasonal means'
     * over about {@value #TREND_DAYS} days (a mean of log ratios would drift low on a bursty series), and a trend measured over less than that trusted in proportion (a few bursty buckets are no
     * trend); between a fifth and five times.
     */
    static final class Trend {
        private double counts;
        private double seasonal;
        private long updates;
        private double log;

        /** What a snapshot keeps of a trend. */
        public record State(double counts, double seasonal, long updates, double log) {
        }

        static Trend measured(double log) {
            Trend t = new Trend();
            t.log = log;
            return t;
        }

        static Trend fromState(State s) {
            Trend t = measured(s.log());
            t.counts = s.counts();
            t.seasonal = s.seasonal();
            t.updates = s.updates();
            return t;
        }

        State toState() {
            return new State(counts, seasonal, updates, log);
        }

        double factor() {
            return Math.exp(log);
        }

        /**
         * Learns from a count, capped at 4 sd above what the trend expects, and the seasonal mean it is compared with,
         * over a window of that many buckets.
         */
        void learn(double count, double seasonalMean, DoubleUnaryOperator variance, long window) {
            double expected = seasonalMean * factor();
            double capped = Math.min(count, expected + 4 * Math.sqrt(variance.applyAsDouble(expected)));
            updates++;
            double rate = 1.0 / Math.min(updates, window);
            counts += rate * (capped - counts);
            seasonal += rate * (seasonalMean - seasonal);
            if (counts > 0 && seasonal > 0) {
                double measured = Math.log(counts / seasonal) * Math.min(1.0, (double) updates / window);
                log = Math.max(Math.log(0.2), Math.min(Math.log(5), measured));
            }
        }
    }

    /** Approximate bytes held. */
    public long sizeBytes() {
        return 136 + 12L * (dayMean.length + weekMean.length + 2 * workMean.length) + 16L * WINDOW;
    }
}

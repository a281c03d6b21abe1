package org.auditml.engine.model;

import org.auditml.testkit.Counts;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CountModelTest {
    private static final long HOUR = 3_600_000L;
    private static final long MONDAY = 1_700_438_400_000L; // 2023-11-20T00:00Z, a Monday

    /** Office-hours shape: busy 9-17 on weekdays, quiet at night and on weekends; Poisson-like noise. */
    private static double expected(long t) {
        java.time.ZonedDateTime at = java.time.Instant.ofEpochMilli(t).atZone(java.time.ZoneOffset.UTC);
        boolean weekend = at.getDayOfWeek().getValue() >= 6;
        int h = at.getHour();
        double day = h >= 9 && h < 17 ? 120 : h >= 7 && h < 20 ? 40 : 4;
        return weekend ? day / 4 : day;
    }

    private static double noisy(double mean, Random r) {
        return Math.max(0, Math.round(mean + r.nextGaussian() * Math.sqrt(mean) * 1.5));
    }

    private static CountModel trained(int weeks, Random r) {
        return trainedDays(weeks * 7, r);
    }

    private static CountModel trainedDays(int days, Random r) {
        return trainedUntil(MONDAY + days * 24 * HOUR, r);
    }

    /** Every hour from MONDAY up to {@code end}, without a gap. */
    private static CountModel trainedUntil(long end, Random r) {
        CountModel m = new CountModel(HOUR, false);
        for (long t = MONDAY; t < end; t += HOUR) {
            m.add(t, noisy(expected(t), r));
        }
        return m;
    }

    @Test
    void assess_secondWeekend_isJudgedAgainstTheFirst_notAgainstWeekdays() {
        Random r = new Random(5);
        CountModel m = trainedDays(12, r); // Monday to the second Friday: one weekend seen
        long saturday14 = MONDAY + (12 * 24 + 14) * HOUR;

        CountModel.Assessment quiet = m.assess(saturday14, expected(saturday14), CountModel.Side.LOW);
        // as busy as a weekday afternoon: one weekend of history leaves the noise wide, but not that wide
        CountModel.Assessment busy = m.assess(saturday14, 5 * expected(saturday14), CountModel.Side.HIGH);

        assertThat(quiet.baseline()).isEqualTo(CountModel.Baseline.WORKDAY);
        assertThat(quiet.typical()).isBetween(20.0, 40.0);
        assertThat(quiet.probability()).isGreaterThan(0.05);
        assertThat(busy.probability()).isLessThan(1e-3);
    }

    @Test
    void assess_growingSeries_followsTheTrend_andStillSeesASpike() {
        Random r = new Random(6);
        CountModel m = new CountModel(HOUR, false);
        long end = MONDAY + 28 * 24 * HOUR;
        // steady growth: from 1x to 3x the office-hours shape over four weeks
        java.util.function.LongToDoubleFunction grown = t -> expected(t) * (1 + 2.0 * (t - MONDAY) / (end - MONDAY));
        for (long t = MONDAY; t < end; t += HOUR) {
            m.add(t, noisy(grown.applyAsDouble(t), r));
        }
        long monday11 = end + 11 * HOUR;

        CountModel.Assessment ordinary = m.assess(monday11, grown.applyAsDouble(monday11), CountModel.Side.BOTH);
        CountModel.Assessment spike = m.assess(monday11, 2.5 * grown.applyAsDouble(monday11), CountModel.Side.HIGH);

        assertThat(ordinary.typical()).isCloseTo(grown.applyAsDouble(monday11), org.assertj.core.data.Percentage.withPercentage(15));
        assertThat(ordinary.probability()).isGreaterThan(0.05);
        assertThat(spike.probability()).isLessThan(1e-4);
    }

    @Test
    void assess_spikeAtBusyHour_isVeryUnlikely_whileOrdinaryHoursAreNot() {
        Random r = new Random(1);
        CountModel m = trained(4, r);
        long tuesday11 = MONDAY + (4 * 7 * 24 + 24 + 11) * HOUR;

        CountModel.Assessment ordinary = m.assess(tuesday11, expected(tuesday11), CountModel.Side.HIGH);
        CountModel.Assessment spike = m.assess(tuesday11, 412, CountModel.Side.HIGH);

        assertThat(ordinary.probability()).isGreaterThan(0.05);
        assertThat(spike.probability()).isLessThan(1e-5); // 412 against ~125: raw score above 1, far past the 1e-4 band
        assertThat(spike.baseline()).isEqualTo(CountModel.Baseline.WEEKLY);
        assertThat(spike.typical()).isBetween(100.0, 140.0);
    }

    @Test
    void assess_nightBurstSmallerThanDaytimePeaks_isStillAnomalous() {
        Random r = new Random(2);
        CountModel m = trained(3, r);
        long wednesday3am = MONDAY + (3 * 7 * 24 + 48 + 3) * HOUR;

        CountModel.Assessment burst = m.assess(wednesday3am, 60, CountModel.Side.HIGH);

        assertThat(60.0).isLessThan(expected(MONDAY + 11 * HOUR)); // smaller than an ordinary midday
        assertThat(burst.probability()).isLessThan(1e-4);
    }

    /**
     * Two hours of a weekday with the same level, a regular night job at 03:00 and a bursty afternoon at 14:00: each
     * gets its own band (what model plots draw), and twice the night's level is critical at night and ordinary in the afternoon.
     */
    @Test
    void assess_hoursWithTheSameLevel_getTheirOwnSpread() {
        Random r = new Random(5);
        CountModel m = new CountModel(HOUR, false);
        long end = MONDAY + 3 * 7 * 24 * HOUR;
        for (long t = MONDAY; t < end; t += HOUR) {
            int h = (int) ((t - MONDAY) / HOUR % 24);
            double count = h == 3 ? Counts.poisson(r, 60)
                    : h == 14 ? Math.max(0, Math.round(60 + 25 * r.nextGaussian())) : Counts.poisson(r, 10);
            m.add(t, count);
        }
        long wednesday = end + 2 * 24 * HOUR;

        CountModel.Assessment night = m.assess(wednesday + 3 * HOUR, 60, CountModel.Side.HIGH);
        CountModel.Assessment afternoon = m.assess(wednesday + 14 * HOUR, 60, CountModel.Side.HIGH);

        assertThat(night.typical()).isCloseTo(afternoon.typical(), within(12.0));
        assertThat(night.upperBound() - night.lowerBound())
                .isLessThan((afternoon.upperBound() - afternoon.lowerBound()) / 2);
        assertThat(m.assess(wednesday + 3 * HOUR, 120, CountModel.Side.HIGH).probability()).isLessThan(1e-5);
        assertThat(m.assess(wednesday + 14 * HOUR, 120, CountModel.Side.HIGH).probability()).isGreaterThan(1e-3);
    }

    @Test
    void assess_quietWeekendAfternoon_isNotLowAgainstWeekdays() {
        Random r = new Random(3);
        CountModel m = trained(3, r);
        long saturday14 = MONDAY + (3 * 7 * 24 + 5 * 24 + 14) * HOUR;

        assertThat(m.assess(saturday14, expected(saturday14), CountModel.Side.LOW).probability()).isGreaterThan(0.05);
    }

    @Test
    void assess_sustainedModestRise_isAMultiBucketAnomaly() {
        Random r = new Random(7);
        long start = MONDAY + (6 * 7 * 24 + 24 + 9) * HOUR; // Tuesday 09:00 of week 7
        CountModel m = trainedUntil(start, r);
        CountModel.Assessment first = null;
        CountModel.Assessment last = null;
        for (int h = 0; h < 8; h++) {
            long t = start + h * HOUR;
            double count = Math.round(expected(t) * 1.25); // office hours, a quarter busier than usual
            last = m.assess(t, count, CountModel.Side.HIGH);
            first = first == null ? last : first;
            m.add(t, count);
        }

        assertThat(first.probability()).isGreaterThan(0.01); // one such hour is nothing to report
        assertThat(last.multiBucket()).isTrue();
        assertThat(last.probability()).isLessThan(1e-3);
    }

    @Test
    void assess_hoursAfterASingleSpike_areJudgedAlmostAsIfItHadNotHappened() {
        long spike = MONDAY + (6 * 7 * 24 + 24 + 11) * HOUR;
        CountModel withSpike = trainedUntil(spike, new Random(8));
        CountModel without = trainedUntil(spike, new Random(8));
        withSpike.add(spike, 412);
        without.add(spike, expected(spike));
        Random r = new Random(9);
        for (int h = 1; h < 8; h++) {
            long t = spike + h * HOUR;
            double count = noisy(expected(t), r);
            CountModel.Assessment after = withSpike.assess(t, count, CountModel.Side.HIGH);
            CountModel.Assessment plain = without.assess(t, count, CountModel.Side.HIGH);
            // the spike's own bucket was scored; it may lean on the hours after it, but not make them anomalies
            assertThat(after.probability()).as("hour %d after the spike", h)
                    .isGreaterThan(Math.min(0.01, plain.probability() / 5));
            withSpike.add(t, count);
            without.add(t, count);
        }
    }

    /**
     * Calibration, with a known truth: hosts whose hourly counts are a negative binomial by day (users come and go) and
     * a Poisson at night and at weekends. Once a week is learnt, p < 0.01 happens in about 1 % of the buckets, by day
     * and by night, and p < 0.1 in about 10 %; and no bucket is as extreme as 1e-5 (critical) more than chance allows.
     */
    @Test
    void assess_benignCounts_probabilitiesAreAsFrequentAsTheySay() {
        Random r = new Random(12);
        long[] day = new long[3];    // buckets, p < 0.01, p < 0.1
        long[] night = new long[3];
        long extreme = 0;
        for (int host = 0; host < 60; host++) {
            double office = 10 + r.nextInt(60);
            double quiet = 1 + r.nextInt(8);
            CountModel m = new CountModel(HOUR, true);
            for (long t = MONDAY; t < MONDAY + 21 * 24 * HOUR; t += HOUR) {
                java.time.ZonedDateTime at = java.time.Instant.ofEpochMilli(t).atZone(java.time.ZoneOffset.UTC);
                boolean busy = at.getDayOfWeek().getValue() <= 5 && at.getHour() >= 8 && at.getHour() < 18;
                int count = busy ? org.auditml.testkit.Counts.negativeBinomial(r, office, 20)
                        : org.auditml.testkit.Counts.poisson(r, quiet);
                if (count == 0) {
                    continue;
                }
                CountModel.Assessment a = m.assess(t, count, CountModel.Side.HIGH);
                if (t >= MONDAY + 7 * 24 * HOUR) {
                    long[] tally = busy ? day : night;
                    tally[0]++;
                    tally[1] += a.probability() < 0.01 ? 1 : 0;
                    tally[2] += a.probability() < 0.1 ? 1 : 0;
                    extreme += a.probability() < 1e-5 ? 1 : 0;
                }
                m.add(t, count);
            }
        }
        for (long[] tally : new long[][]{day, night}) {
            assertThat((double) tally[1] / tally[0]).isBetween(0.005, 0.02);
            assertThat((double) tally[2] / tally[0]).isBetween(0.06, 0.14);
        }
        assertThat(extreme).as("buckets below 1e-5 of %d", day[0] + night[0]).isLessThanOrEqualTo(3);
    }

    @Test
    void withEstimatedVariance_fewResidualsWidenTheTail_manyLeaveItAlmostAsItIs() {
        assertThat(CountModel.withEstimatedVariance(1e-8, Double.POSITIVE_INFINITY)).isEqualTo(1e-8);
        // z = 5.6: Student's t with 5 degrees of freedom puts about 0.0013 beyond it
        assertThat(CountModel.withEstimatedVariance(1e-8, 5)).isBetween(1e-3, 2e-3);
        assertThat(CountModel.withEstimatedVariance(1e-8, 1000)).isBetween(1e-8, 2e-8);
        // the far tail keeps its order: a storm stays more extreme than a surge
        assertThat(CountModel.withEstimatedVariance(1e-100, 20)).isLessThan(CountModel.withEstimatedVariance(1e-20, 20));
        assertThat(CountModel.withEstimatedVariance(0.7, 5)).isEqualTo(0.7);
    }

    @Test
    void tail_negativeBinomial_matchesKnownValues() {
        // r = 1 is geometric: P(X >= k) = (mu / (1 + mu))^k
        assertThat(CountModel.tail(3, 2, 1, CountModel.Side.HIGH)).isCloseTo(Math.pow(2.0 / 3, 3), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(CountModel.tail(0, 2, 1, CountModel.Side.LOW)).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void restoredModel_assessesAsTheOriginal() {
        CountModel m = trained(2, new Random(4));
        CountModel copy = CountModel.fromState(m.toState());
        long t = MONDAY + (14 * 24 + 10) * HOUR;
        assertThat(copy.assess(t, 300, CountModel.Side.HIGH)).isEqualTo(m.assess(t, 300, CountModel.Side.HIGH));
    }
}

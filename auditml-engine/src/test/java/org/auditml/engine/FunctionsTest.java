package org.auditml.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The other detector functions, each on a stream with one known anomaly. */
class FunctionsTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_438_400_000L;
    private static final int DAYS = 10;

    record Event(long timestampMillis, Map<String, String> fields) implements EventView {
        @Override
        public String field(String name) {
            return fields.get(name);
        }
    }

    private static List<AnomalyRecord> run(String analysisConfig, List<Event> events) {
        AnomalyJob job = new AnomalyJob(JobParser.parse("{\"analysis_config\": " + analysisConfig + "}", "f"));
        List<Result> results = new ArrayList<>();
        events.sort(Comparator.comparingLong(Event::timestampMillis));
        events.forEach(e -> results.addAll(job.accept(e)));
        results.addAll(job.flush());
        return AnomalyJobTest.records(results);
    }

    @Test
    void highDistinctCountOverSources_findsThePortScanner() {
        Random r = new Random(1);
        List<Event> events = new ArrayList<>();
        long scanHour = START + (8 * 24 + 15) * HOUR;
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            for (int s = 0; s < 20; s++) {
                for (int i = 0; i < 5; i++) {
                    events.add(new Event(h + r.nextInt(3_600_000), Map.of("source.ip", "10.0.0." + s,
                            "destination.port", List.of("443", "80", "22", "53").get(r.nextInt(4)))));
                }
            }
            if (h == scanHour) {
                for (int port = 1; port <= 400; port++) {
                    events.add(new Event(h + port * 1000L, Map.of("source.ip", "10.0.0.66", "destination.port", "" + port)));
                }
            }
        }
        List<AnomalyRecord> records = run("""
                {"bucket_span": "1h", "detectors": [{"function": "high_distinct_count", "field_name": "destination.port",
                  "over_field_name": "source.ip"}]}""", events);

        AnomalyRecord top = records.get(0);
        assertThat(top.overFieldValue()).isEqualTo("10.0.0.66");
        assertThat(top.timestamp()).isEqualTo(scanHour);
        assertThat(top.actual()).isNull(); // population records carry actual and typical in their causes
        assertThat(top.causes()).singleElement().satisfies(c -> {
            assertThat(c.actual()).containsExactly(400.0);
            assertThat(c.overFieldValue()).isEqualTo("10.0.0.66");
        });
        assertThat(top.reason()).startsWith("10.0.0.66: 400 distinct destination.port values in the hour");
        assertThat(top.recordScore()).isGreaterThanOrEqualTo(75);
    }

    @Test
    void highInfoContent_findsRandomLookingNames() {
        Random r = new Random(2);
        List<Event> events = new ArrayList<>();
        long tunnelHour = START + (7 * 24 + 3) * HOUR;
        String[] domains = {"example.com", "updates.example.com", "api.example.org", "cdn.example.net", "mail.example.com"};
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            for (int i = 0; i < 30; i++) {
                events.add(new Event(h + r.nextInt(3_600_000), Map.of("host.name", "web-01", "dns.question.name",
                        domains[r.nextInt(domains.length)])));
            }
            if (h == tunnelHour) {
                for (int i = 0; i < 60; i++) {
                    StringBuilder label = new StringBuilder();
                    for (int k = 0; k < 40; k++) {
                        label.append((char) ('a' + r.nextInt(26)));
                    }
                    events.add(new Event(h + i * 1000L, Map.of("host.name", "web-01", "dns.question.name", label + ".t.example.io")));
                }
            }
        }
        List<AnomalyRecord> records = run("""
                {"bucket_span": "1h", "detectors": [{"function": "high_info_content", "field_name": "dns.question.name",
                  "partition_field_name": "host.name"}]}""", events);

        assertThat(records.get(0).timestamp()).isEqualTo(tunnelHour);
        assertThat(records.get(0).recordScore()).isGreaterThanOrEqualTo(75);
    }

    @Test
    void timeOfDay_findsTheBackupThatRanInTheAfternoon() {
        List<Event> events = new ArrayList<>();
        long odd = START + (8 * 24 + 14) * HOUR + 10 * 60_000;
        for (int day = 0; day < DAYS; day++) {
            long t = day == 8 ? odd : START + (day * 24 + 2) * HOUR + 5 * 60_000;
            events.add(new Event(t, Map.of("host.name", "db-01", "process.executable", "/usr/bin/pg_dump")));
            for (int h = 0; h < 24; h++) {
                events.add(new Event(START + (day * 24 + h) * HOUR + 1000, Map.of("host.name", "db-01",
                        "process.executable", "/usr/bin/ls")));
            }
        }
        List<AnomalyRecord> records = run("""
                {"bucket_span": "1h", "detectors": [{"function": "time_of_day", "by_field_name": "process.executable",
                  "partition_field_name": "host.name"}]}""", events);

        AnomalyRecord pgDump = records.stream().filter(r -> "/usr/bin/pg_dump".equals(r.byFieldValue())).findFirst().orElseThrow();
        assertThat(pgDump.timestamp()).isEqualTo(odd / HOUR * HOUR);
        assertThat(pgDump.reason()).isEqualTo("/usr/bin/pg_dump active at 14:00 UTC, an unusual time");
    }

    @Test
    void rareOverHosts_findsTheProgramOnlyOneHostRuns() {
        Random r = new Random(3);
        List<Event> events = new ArrayList<>();
        long nmapAt = START + (9 * 24 + 11) * HOUR + 60_000;
        String[] programs = {"/usr/bin/ls", "/usr/bin/ps", "/usr/bin/grep", "/usr/bin/python3"};
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            for (int host = 0; host < 15; host++) {
                events.add(new Event(h + r.nextInt(3_600_000), Map.of("host.name", "host-" + host,
                        "process.executable", programs[r.nextInt(programs.length)])));
            }
        }
        events.add(new Event(nmapAt, Map.of("host.name", "host-7", "process.executable", "/usr/bin/nmap")));
        // and another host tries two rare tools in one hour: one record, two causes
        events.add(new Event(nmapAt + 1000, Map.of("host.name", "host-3", "process.executable", "/usr/bin/socat")));
        events.add(new Event(nmapAt + 2000, Map.of("host.name", "host-3", "process.executable", "/usr/bin/tcpdump")));
        List<AnomalyRecord> records = run("""
                {"bucket_span": "1h", "detectors": [{"function": "rare", "by_field_name": "process.executable",
                  "over_field_name": "host.name"}], "influencers": ["host.name"]}""", events);

        AnomalyRecord top = records.get(0);
        assertThat(top.byFieldValue()).isNull(); // one record per entity; the programs are its causes
        assertThat(top.causes()).extracting(AnomalyRecord.Cause::byFieldValue).containsExactly("/usr/bin/nmap");
        assertThat(top.overFieldValue()).isEqualTo("host-7");
        assertThat(top.overFieldName()).isEqualTo("host.name");
        assertThat(top.reason()).isEqualTo("host-7: /usr/bin/nmap, which no other host.name has had");
        assertThat(records).filteredOn(rec -> "host-3".equals(rec.overFieldValue())).singleElement().satisfies(rec -> {
            assertThat(rec.causes()).extracting(AnomalyRecord.Cause::byFieldValue)
                    .containsExactlyInAnyOrder("/usr/bin/socat", "/usr/bin/tcpdump");
            assertThat(rec.reason()).endsWith("; and 1 more unusual process.executable value");
        });
    }

    @Test
    void freqRare_findsTheClientThatRequestsManyPagesFewClientsUse() {
        Random r = new Random(5);
        List<Event> events = new ArrayList<>();
        String[] common = {"/", "/index.html", "/login", "/api/items", "/static/app.js", "/static/site.css"};
        long scanHour = START + (8 * 24 + 2) * HOUR;
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            for (int c = 0; c < 30; c++) {
                for (int i = 0; i < 6; i++) {
                    events.add(new Event(h + r.nextInt(3_600_000), Map.of("client.ip", "10.1.0." + c,
                            "url.path", common[r.nextInt(common.length)])));
                }
            }
            // now and then a client opens a page of its own: one rare value, not a frequent habit
            if (r.nextInt(4) == 0) {
                events.add(new Event(h + r.nextInt(3_600_000), Map.of("client.ip", "10.1.0." + r.nextInt(30),
                        "url.path", "/blog/post-" + h / HOUR)));
            }
            if (h == scanHour) {
                for (int i = 0; i < 40; i++) {
                    events.add(new Event(h + 1000L * i, Map.of("client.ip", "10.1.0.7",
                            "url.path", "/.git/config" + i)));
                }
            }
        }
        List<AnomalyRecord> records = run("""
                {"bucket_span": "1h", "detectors": [{"function": "freq_rare", "by_field_name": "url.path",
                  "over_field_name": "client.ip"}]}""", events);

        AnomalyRecord top = records.get(0);
        assertThat(top.function()).isEqualTo("freq_rare");
        assertThat(top.overFieldValue()).isEqualTo("10.1.0.7");
        assertThat(top.timestamp()).isEqualTo(scanHour);
        assertThat(top.actual()).containsExactly(40.0);
        assertThat(top.reason()).startsWith("10.1.0.7: 40 url.path values that few client.ip values have had");
        assertThat(top.recordScore()).isGreaterThanOrEqualTo(75);
        assertThat(records).filteredOn(rec -> rec.timestamp() != scanHour)
                .allSatisfy(rec -> assertThat(rec.recordScore()).isLessThan(50));
    }

    /** Per-bucket values near 100 with two planted buckets: outliers that lift the mean, and a shift of the middle. */
    private static List<Event> latencies(long outlierHour, long shiftHour) {
        Random r = new Random(6);
        List<Event> events = new ArrayList<>();
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            for (int i = 0; i < 50; i++) {
                double v = h == shiftHour && i < 30 ? 160 + r.nextGaussian() * 5 : 100 + r.nextGaussian() * 5;
                events.add(new Event(h + i * 60_000L, Map.of("latency", Double.toString(v))));
            }
            if (h == outlierHour) {
                for (int i = 0; i < 3; i++) {
                    events.add(new Event(h + 3_000_000L + i, Map.of("latency", "100000")));
                }
            }
        }
        return events;
    }

    @Test
    void median_isTheMiddleValue_notMovedByAFewOutliers() {
        long outlierHour = START + (7 * 24 + 9) * HOUR;
        long shiftHour = START + (8 * 24 + 14) * HOUR;
        List<AnomalyRecord> median = run("""
                {"bucket_span": "1h", "detectors": [{"function": "median", "field_name": "latency"}]}""",
                latencies(outlierHour, shiftHour));
        List<AnomalyRecord> mean = run("""
                {"bucket_span": "1h", "detectors": [{"function": "mean", "field_name": "latency"}]}""",
                latencies(outlierHour, shiftHour));

        assertThat(median.get(0).timestamp()).isEqualTo(shiftHour);
        assertThat(median.get(0).actual().get(0)).isBetween(150.0, 170.0);
        assertThat(median).filteredOn(rec -> rec.timestamp() == outlierHour)
                .allSatisfy(rec -> assertThat(rec.recordScore()).isLessThan(25));
        assertThat(mean.get(0).timestamp()).isEqualTo(outlierHour);
    }

    @Test
    void metric_saysWhetherTheMinTheMeanOrTheMaxWasUnusual() {
        long outlierHour = START + (7 * 24 + 9) * HOUR;
        List<AnomalyRecord> records = run("""
                {"bucket_span": "1h", "detectors": [{"function": "metric", "field_name": "latency"}]}""",
                latencies(outlierHour, -1));

        AnomalyRecord top = records.get(0);
        assertThat(top.timestamp()).isEqualTo(outlierHour);
        assertThat(top.function()).isEqualTo("metric");
        assertThat(top.functionDescription()).isEqualTo("max");
        assertThat(top.actual()).containsExactly(100000.0);
        assertThat(top.reason()).startsWith("max(latency) 100000, typical");
        assertThat(top.recordScore()).isGreaterThanOrEqualTo(75);
    }

    @Test
    void summaryCountField_weighsEachPreSummarisedEvent() {
        Random r = new Random(7);
        List<Event> events = new ArrayList<>();
        long burstHour = START + (8 * 24 + 11) * HOUR;
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            // one summary document per 10 minutes: about 50 executions each, and their mean duration
            for (int m = 0; m < 6; m++) {
                int n = h == burstHour ? 400 : 45 + r.nextInt(11);
                double duration = h == burstHour && m == 0 ? 900 : 20 + r.nextGaussian();
                events.add(new Event(h + m * 600_000L, Map.of("doc_count", Integer.toString(n),
                        "duration", Double.toString(duration))));
            }
        }
        String config = """
                {"bucket_span": "1h", "summary_count_field_name": "doc_count", "detectors": [
                  {"function": "high_count"}, {"function": "mean", "field_name": "duration"}]}""";
        List<AnomalyRecord> records = run(config, events);

        AnomalyRecord count = records.stream().filter(rec -> rec.detectorIndex() == 0).findFirst().orElseThrow();
        assertThat(count.timestamp()).isEqualTo(burstHour);
        assertThat(count.actual()).containsExactly(2400.0); // six documents of 400, not six events
        assertThat(count.typical().get(0)).isBetween(280.0, 320.0);
        AnomalyRecord mean = records.stream().filter(rec -> rec.detectorIndex() == 1).findFirst().orElseThrow();
        // the long-running batch weighs 400 of the hour's 2,400 executions: (400 × 900 + 2,000 × 20) / 2,400
        assertThat(mean.actual().get(0)).isCloseTo(166.7, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void excludeFrequent_leavesOutValuesPresentInMostBuckets() {
        Random r = new Random(8);
        List<Event> events = new ArrayList<>();
        long spikeHour = START + (8 * 24 + 4) * HOUR;
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            int cron = h == spikeHour ? 200 : 10 + r.nextInt(3); // every hour: frequent
            for (int i = 0; i < cron; i++) {
                events.add(new Event(h + i * 1000L, Map.of("process.executable", "/usr/sbin/cron")));
            }
            if (r.nextInt(12) == 0 || h == spikeHour) { // now and then: not frequent
                int n = h == spikeHour ? 200 : 10 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    events.add(new Event(h + 500_000L + i * 1000L, Map.of("process.executable", "/usr/bin/rsync")));
                }
            }
        }
        String detector = "{\"bucket_span\": \"1h\", \"detectors\": [{\"function\": \"high_non_zero_count\", "
                + "\"by_field_name\": \"process.executable\"%s}]}";
        List<AnomalyRecord> all = run(String.format(detector, ""), events);
        List<AnomalyRecord> excluded = run(String.format(detector, ", \"exclude_frequent\": \"by\""), events);

        assertThat(all).filteredOn(rec -> rec.timestamp() == spikeHour).extracting(AnomalyRecord::byFieldValue)
                .contains("/usr/sbin/cron", "/usr/bin/rsync");
        assertThat(excluded).filteredOn(rec -> rec.timestamp() == spikeHour).extracting(AnomalyRecord::byFieldValue)
                .contains("/usr/bin/rsync").doesNotContain("/usr/sbin/cron");
    }

    @Test
    void modelPruneWindow_forgetsHostsIdleForLonger() {
        List<Event> events = new ArrayList<>();
        for (long h = START; h < START + DAYS * 24 * HOUR; h += HOUR) {
            events.add(new Event(h, Map.of("host.name", "stays")));
            if (h < START + 24 * HOUR) {
                events.add(new Event(h + 1, Map.of("host.name", "leaves")));
            }
        }
        AnomalyJob job = new AnomalyJob(JobParser.parse("""
                {"analysis_config": {"bucket_span": "1h", "model_prune_window": "2d",
                  "detectors": [{"function": "high_count", "partition_field_name": "host.name"}]}}""", "p"));
        events.forEach(job::accept);
        job.flush();

        assertThat(job.modelSizeStats().totalPartitionFieldCount()).isEqualTo(1);
    }

    @Test
    void timeOfDayOverHosts_findsTheHostActiveWhenTheFleetIsNot() {
        Random r = new Random(9);
        List<Event> events = new ArrayList<>();
        long nightAt = START + (8 * 24 + 3) * HOUR + 600_000;
        for (long day = 0; day < DAYS; day++) {
            for (int host = 0; host < 20; host++) {
                for (int i = 0; i < 8; i++) { // office hours, 09:00-17:00
                    events.add(new Event(START + day * 24 * HOUR + (9 + r.nextInt(8)) * HOUR + r.nextInt(3_600_000),
                            Map.of("host.name", "host-" + host)));
                }
            }
        }
        events.add(new Event(nightAt, Map.of("host.name", "host-12")));
        List<AnomalyRecord> records = run("""
                {"bucket_span": "1h", "detectors": [{"function": "time_of_day", "over_field_name": "host.name"}]}""", events);

        AnomalyRecord top = records.get(0);
        assertThat(top.overFieldValue()).isEqualTo("host-12");
        assertThat(top.timestamp()).isEqualTo(START + (8 * 24 + 3) * HOUR);
        assertThat(top.reason()).isEqualTo("host-12 active at 03:00 UTC, an unusual time for its host.name population");
        assertThat(top.recordScore()).isGreaterThanOrEqualTo(50); // 1 anomaly in 10 days of hourly buckets: major
        assertThat(records.get(1).recordScore()).isLessThan(25);
    }

    @Test
    void everyFunction_resumesFromASnapshotAsIfItHadNeverStopped() throws Exception {
        Job job = JobParser.parse("""
                {"analysis_config": {"bucket_span": "1h", "detectors": [
                  {"function": "distinct_count", "field_name": "process.executable", "over_field_name": "host.name"},
                  {"function": "info_content", "field_name": "process.executable", "partition_field_name": "host.name"},
                  {"function": "time_of_week", "by_field_name": "process.executable"},
                  {"function": "time_of_day", "over_field_name": "host.name"},
                  {"function": "rare", "by_field_name": "process.executable", "over_field_name": "host.name"},
                  {"function": "max", "field_name": "process.pid", "partition_field_name": "host.name"},
                  {"function": "freq_rare", "by_field_name": "process.executable", "over_field_name": "host.name"},
                  {"function": "metric", "field_name": "process.pid", "partition_field_name": "host.name"},
                  {"function": "median", "field_name": "process.pid", "partition_field_name": "host.name"},
                  {"function": "high_mean", "field_name": "process.pid", "over_field_name": "host.name"},
                  {"function": "high_count", "by_field_name": "process.executable", "exclude_frequent": "by"}]}}
                """, "s");
        List<TestFleet.Event> events = TestFleet.processes();
        ObjectMapper json = new ObjectMapper();
        List<Result> expected = SnapshotTest.runWhole(job, events);
        List<Result> actual = SnapshotTest.runWithSnapshot(job, events, events.size() * 2 / 3);

        assertThat(json.writeValueAsString(actual)).isEqualTo(json.writeValueAsString(expected));
    }
}

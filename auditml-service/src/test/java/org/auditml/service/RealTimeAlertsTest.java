package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.audit.AuditEventView;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.service.alert.AlertConfig;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real-time datafeeds and alerts against a fleet with a known truth: DemoFleet's miner, a never-seen process on one
 * web server at night. Eleven days are history; the twelfth is played into the store in time order while a test
 * clock advances, and the datafeed runs as the server runs it, every {@code frequency}.
 */
class RealTimeAlertsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;
    private static final long SPAN = HOUR;
    private static final long QUERY_DELAY = 120_000L;
    /** Elastic's default frequency for a one-hour bucket span. */
    private static final long FREQUENCY = 600_000L;
    private static final long DAY12 = DemoFleet.START + 12 * 24 * HOUR;
    private static final double MIN_SCORE = 50;
    private static final String MINER = "/tmp/.cache/xxprimef";
    private static final String JOB = """
            {"description": "rare processes per host", "groups": ["live-tests"],
             "analysis_config": {"bucket_span": "1h",
               "detectors": [{"function": "rare", "by_field_name": "process.executable", "partition_field_name": "host.name"}],
               "influencers": ["host.name", "process.executable"]},
             "data_description": {"time_field": "@timestamp"}}""";
    private static final String FEED = """
            {"job_id": "live-rare", "indices": ["auditbeat-*"], "query_delay": "2m",
             "query": {"bool": {"filter": [{"term": {"event.module": "auditd"}}, {"exists": {"field": "process.executable"}}],
                                "must_not": [{"exists": {"field": "container.id"}}]}}}""";

    @TempDir
    static Path fleetDir;
    static List<AuditEvent> events;

    @BeforeAll
    static void readFleet() throws IOException {
        DemoFleet.Written fleet = DemoFleet.write(fleetDir, 7);
        List<AuditEvent> read = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("localhost")).read(List.of(fleet.rawLog()), read::add);
        read.sort(Comparator.comparingLong(AuditEvent::timestampMillis));
        events = List.copyOf(read);
    }

    private static String alertsFile(String hookUrl, Path ndjson) {
        return """
                {"sinks": {"hook": {"type": "webhook", "url": "%s", "headers": {"X-Team": "soc"}},
                           "file": {"type": "ndjson", "path": "%s"}},
                 "rules": [{"group": "live-tests", "min_score": %s, "sinks": ["hook", "file"]}],
                 "retry": {"max_attempts": 5, "initial_backoff": "1s", "max_backoff": "1m"}}"""
                .formatted(hookUrl, ndjson, MIN_SCORE);
    }

    /** Stores the history before day 12 and starts the real-time datafeed at day 12 (plus the query delay). */
    private static void startOnHistory(AuditmlService s, TestClock clock) {
        clock.set(DAY12 + QUERY_DELAY);
        s.ingestEvents("history", events.stream().filter(e -> e.timestampMillis() < DAY12).toList());
        s.mlJobs().put("live-rare", JOB);
        s.mlJobs().open("live-rare");
        s.mlDatafeeds().put("feed-live", FEED);
        s.mlDatafeeds().start("feed-live", null, null);
    }

    /** The events with {@code from <= ts < to}, as they arrive, less the one held back. */
    private static List<AuditEvent> arriving(long from, long to, AuditEvent heldBack) {
        return events.stream().filter(e -> e.timestampMillis() >= from && e.timestampMillis() < to && e != heldBack).toList();
    }

    private static boolean minerStored(AuditmlService s) {
        return s.results(new ResultQuery("live-rare", "record", null)).stream().anyMatch(d -> d.contains(MINER));
    }

    private static int deliverAll(AuditmlService s, TestClock clock) {
        int delivered = 0;
        for (int i = 0; i < 500 && s.alerts().list(0).path("pending").asLong() > 0; i++) {
            clock.set(clock.millis() + 60_000);
            delivered += s.alerts().deliverDue();
        }
        return delivered;
    }

    @Test
    void theMinerIsAlertedOnceAfterItsBucketCloses_andALateEventIsCounted(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(0);
        Path ndjson = dir.resolve("alerts.ndjson");
        // a datafeed-selected event of day 12, 20:00 to 21:00, stored only after its bucket closed
        AuditEvent late = events.stream().filter(e -> e.timestampMillis() >= DAY12 + 20 * HOUR
                && e.timestampMillis() < DAY12 + 21 * HOUR && new AuditEventView(e).has("process.executable")
                && !new AuditEventView(e).has("container.id")).findFirst().orElseThrow();
        try (WebhookReceiver hook = new WebhookReceiver(2);
             AuditmlService s = AuditmlService.open(dir.resolve("live.duckdb"), clock)) {
            s.alerts().configure(AlertConfig.parse(alertsFile(hook.url(), ndjson), "alerts.json"));
            startOnHistory(s, clock);
            assertThat(minerStored(s)).isFalse();
            assertThat(s.alerts().list(0).path("pending").asLong()).as("no alerts for history").isZero();

            long arrived = DAY12;
            Long firstSeen = null;
            for (long now = DAY12 + QUERY_DELAY + FREQUENCY; now <= DAY12 + 24 * HOUR + QUERY_DELAY; now += FREQUENCY) {
                clock.set(now);
                s.ingestEvents("live", arriving(arrived, now, late));
                arrived = now;
                s.mlDatafeeds().runDue();
                s.alerts().deliverDue();
                if (firstSeen == null && minerStored(s)) {
                    firstSeen = now;
                }
            }
            long minerBucketEnd = Math.floorDiv(DemoFleet.MINER_AT, SPAN) * SPAN + SPAN;
            assertThat(firstSeen).as("the miner's record appears once its bucket closed, query delay included, within "
                    + "one frequency").isBetween(minerBucketEnd + QUERY_DELAY, minerBucketEnd + QUERY_DELAY + FREQUENCY);

            // the late event: stored now, its bucket long closed; counted, never analysed
            s.ingestEvents("late", List.of(late));
            clock.set(clock.millis() + FREQUENCY);
            s.mlDatafeeds().runDue();
            JsonNode counts = s.mlJobs().stats("live-rare", false).get(0).path("data_counts");
            assertThat(counts.path("delayed_record_count").asLong()).isEqualTo(1);
            assertThat(counts.path("latest_delayed_bucket_timestamp").asLong()).isEqualTo(DAY12 + 20 * HOUR);
            assertThat(counts.path("delayed_data_annotation").asText()).contains("missed 1 documents");

            deliverAll(s, clock);
            JsonNode listed = s.alerts().list(1000);
            assertThat(listed.path("pending").asLong()).isZero();
            assertThat(listed.path("failed").asLong()).isZero();

            // every anomaly of day 12 at or above the score, and none other, was alerted to each sink
            Set<String> expected = new HashSet<>();
            for (String doc : s.results(new ResultQuery("live-rare", "record", null))) {
                JsonNode r = JSON.readTree(doc);
                if (r.path("timestamp").asLong() >= DAY12 && r.path("initial_record_score").asDouble() >= MIN_SCORE) {
                    expected.add(r.path("timestamp").asLong() + "|" + r.path("partition_field_value").asText() + "|"
                            + r.path("by_field_value").asText());
                }
            }
            assertThat(expected).anyMatch(k -> k.endsWith("|web-02|" + MINER));

            List<JsonNode> taken = hook.taken();
            assertThat(taken).allMatch(a -> a.path("record_score").asDouble() >= MIN_SCORE);
            assertThat(taken.stream().map(RealTimeAlertsTest::key).toList()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(hook.posts()).as("each alert posted three times (two failures, one success), same id")
                    .hasSize(expected.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
            JsonNode miner = taken.stream().filter(a -> a.path("record").path("by_field_value").asText().equals(MINER))
                    .findFirst().orElseThrow();
            assertThat(miner.path("host").asText()).isEqualTo("web-02");
            assertThat(miner.path("job_id").asText()).isEqualTo("live-rare");
            assertThat(miner.path("alert_id").asText()).endsWith("/hook");

            List<String> lines = Files.readAllLines(ndjson);
            assertThat(lines).hasSize(expected.size());
            List<JsonNode> written = new ArrayList<>();
            for (String line : lines) {
                written.add(JSON.readTree(line));
            }
            assertThat(written.stream().map(a -> a.path("alert_id").asText()).distinct()).hasSize(lines.size());
            assertThat(written.stream().map(RealTimeAlertsTest::key).toList()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String key(JsonNode alert) {
        JsonNode r = alert.path("record");
        return r.path("timestamp").asLong() + "|" + r.path("partition_field_value").asText() + "|"
                + r.path("by_field_value").asText();
    }

    @Test
    void aRestartedServiceResumesTheStartedDatafeedFromItsSnapshot_andDeliversWhatWasPendingOnce(@TempDir Path dir)
            throws Exception {
        TestClock clock = new TestClock(0);
        Path store = dir.resolve("restart.duckdb");
        Path ndjson = dir.resolve("alerts.ndjson");
        long minerSeen = Math.floorDiv(DemoFleet.MINER_AT, SPAN) * SPAN + SPAN + QUERY_DELAY;
        try (WebhookReceiver hook = new WebhookReceiver(0)) {
            String config = alertsFile(hook.url(), ndjson);
            hook.setDown(true);
            long arrived = DAY12;
            try (AuditmlService s = AuditmlService.open(store, clock)) {
                s.alerts().configure(AlertConfig.parse(config, "alerts.json"));
                startOnHistory(s, clock);
                for (long now = DAY12 + QUERY_DELAY + FREQUENCY; now <= minerSeen + FREQUENCY; now += FREQUENCY) {
                    clock.set(now);
                    s.ingestEvents("live", arriving(arrived, now, null));
                    arrived = now;
                    s.mlDatafeeds().runDue();
                    s.alerts().deliverDue();
                }
                JsonNode listed = s.alerts().list(100);
                assertThat(listed.path("pending").asLong()).isPositive();
                assertThat(listed.path("alerts")).anyMatch(a -> a.path("sink").asText().equals("hook")
                        && a.path("by_field_value").asText().equals(MINER) && a.path("state").asText().equals("pending")
                        && a.path("attempts").asInt() >= 1 && a.path("last_error").asText().contains("HTTP 503"));
            }
            hook.setDown(false);
            try (AuditmlService s = AuditmlService.open(store, clock)) {
                JsonNode state = s.mlDatafeeds().stats("feed-live", false).get(0);
                assertThat(state.path("state").asText()).as("a started datafeed stays started").isEqualTo("started");
                s.alerts().configure(AlertConfig.parse(config, "alerts.json"));
                deliverAll(s, clock);
                assertThat(hook.taken()).anyMatch(a -> a.path("record").path("by_field_value").asText().equals(MINER));
                assertThat(hook.taken().stream().map(a -> a.path("alert_id").asText()).distinct())
                        .hasSize(hook.taken().size());
                assertThat(s.alerts().deliverDue()).isZero();

                // the next run takes only the events stored since the snapshot's watermark
                long watermark = s.mlJobs().stats("live-rare", false).get(0).path("data_counts")
                        .path("latest_record_timestamp").asLong();
                long now = clock.millis() + HOUR;
                clock.set(now);
                s.ingestEvents("live", arriving(arrived, now, null));
                s.mlDatafeeds().runDue();
                long closedEnd = Math.floorDiv(now - QUERY_DELAY, SPAN) * SPAN;
                long expected = events.stream().filter(e -> e.timestampMillis() > watermark
                        && e.timestampMillis() < closedEnd).count();
                assertThat(expected).isPositive();
                assertThat(s.mlDatafeeds().eventsReadLastRun("feed-live")).isEqualTo(expected);
            }
        }
    }
}

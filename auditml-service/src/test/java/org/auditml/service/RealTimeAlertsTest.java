package org.auditml.service;

import org.auditml.testkit.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.audit.AuditEventView;
import org.auditml.read.AuditEvent;
import org.auditml.service.alert.AlertConfig;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditml.service.LiveFleet.DAY12;
import static org.auditml.service.LiveFleet.FEED_ID;
import static org.auditml.service.LiveFleet.FREQUENCY;
import static org.auditml.service.LiveFleet.HOUR;
import static org.auditml.service.LiveFleet.JOB_ID;
import static org.auditml.service.LiveFleet.JSON;
import static org.auditml.service.LiveFleet.MINER;
import static org.auditml.service.LiveFleet.MIN_SCORE;
import static org.auditml.service.LiveFleet.QUERY_DELAY;
import static org.auditml.service.LiveFleet.SPAN;

/**
 * Real-time datafeeds and alerts against a fleet with a known truth: DemoFleet's miner, a never-seen process on one
 * web server at night. Eleven days are history; the twelfth is played into the store in time order while a test
 * clock advances, and the datafeed runs as the server runs it, every {@code frequency}.
 */
class RealTimeAlertsTest {
    @TempDir
    static Path fleetDir;
    static LiveFleet fleet;

    @BeforeAll
    static void readFleet() throws IOException {
        fleet = LiveFleet.write(fleetDir);
    }

    private static boolean minerStored(AuditmlService s) {
        return s.results(new ResultQuery(JOB_ID, "record", null)).stream().anyMatch(d -> d.contains(MINER));
    }

    @Test
    void theMinerIsAlertedOnceAfterItsBucketCloses_andALateEventIsCounted(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(0);
        Path ndjson = dir.resolve("alerts.ndjson");
        // a datafeed-selected event of day 12, 20:00 to 21:00, stored only after its bucket closed
        AuditEvent late = fleet.events.stream().filter(e -> e.timestampMillis() >= DAY12 + 20 * HOUR
                && e.timestampMillis() < DAY12 + 21 * HOUR && new AuditEventView(e).has("process.executable")
                && !new AuditEventView(e).has("container.id")).findFirst().orElseThrow();
        try (WebhookReceiver hook = new WebhookReceiver(2);
             AuditmlService s = AuditmlService.open(dir.resolve("live.duckdb"), clock)) {
            s.alerts().configure(AlertConfig.parse(LiveFleet.alertsFile(hook.url(), ndjson), "alerts.json"));
            fleet.startOnHistory(s, clock);
            assertThat(minerStored(s)).isFalse();
            assertThat(s.alerts().list(0).path("pending").asLong()).as("no alerts for history").isZero();

            long arrived = DAY12;
            Long firstSeen = null;
            for (long now = DAY12 + QUERY_DELAY + FREQUENCY; now <= DAY12 + 24 * HOUR + QUERY_DELAY; now += FREQUENCY) {
                clock.set(now);
                s.ingestEvents("live", fleet.arriving(arrived, now, late));
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
            JsonNode counts = s.mlJobs().stats(JOB_ID, false).get(0).path("data_counts");
            assertThat(counts.path("delayed_record_count").asLong()).isEqualTo(1);
            assertThat(counts.path("latest_delayed_bucket_timestamp").asLong()).isEqualTo(DAY12 + 20 * HOUR);
            assertThat(counts.path("delayed_data_annotation").asText()).contains("missed 1 documents");

            LiveFleet.deliverAll(s, clock);
            JsonNode listed = s.alerts().list(1000);
            assertThat(listed.path("pending").asLong()).isZero();
            assertThat(listed.path("failed").asLong()).isZero();

            // every anomaly of day 12 at or above the score, and none other, was alerted to each sink
            Set<String> expected = LiveFleet.alertable(s);
            assertThat(expected).anyMatch(k -> k.endsWith("|web-02|" + MINER));

            List<JsonNode> taken = hook.taken();
            assertThat(taken).allMatch(a -> a.path("record_score").asDouble() >= MIN_SCORE);
            assertThat(taken.stream().map(LiveFleet::key).toList()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(hook.posts()).as("each alert posted three times (two failures, one success), same id")
                    .hasSize(expected.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
            JsonNode miner = taken.stream().filter(a -> a.path("record").path("by_field_value").asText().equals(MINER))
                    .findFirst().orElseThrow();
            assertThat(miner.path("host").asText()).isEqualTo("web-02");
            assertThat(miner.path("job_id").asText()).isEqualTo(JOB_ID);
            assertThat(miner.path("alert_id").asText()).endsWith("/hook");

            List<String> lines = Files.readAllLines(ndjson);
            assertThat(lines).hasSize(expected.size());
            List<JsonNode> written = new ArrayList<>();
            for (String line : lines) {
                written.add(JSON.readTree(line));
            }
            assertThat(written.stream().map(a -> a.path("alert_id").asText()).distinct()).hasSize(lines.size());
            assertThat(written.stream().map(LiveFleet::key).toList()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aRestartedServiceResumesTheStartedDatafeedFromItsSnapshot_andDeliversWhatWasPendingOnce(@TempDir Path dir)
            throws Exception {
        TestClock clock = new TestClock(0);
        Path store = dir.resolve("restart.duckdb");
        Path ndjson = dir.resolve("alerts.ndjson");
        long minerSeen = Math.floorDiv(DemoFleet.MINER_AT, SPAN) * SPAN + SPAN + QUERY_DELAY;
        try (WebhookReceiver hook = new WebhookReceiver(0)) {
            String config = LiveFleet.alertsFile(hook.url(), ndjson);
            hook.setDown(true);
            long arrived = DAY12;
            try (AuditmlService s = AuditmlService.open(store, clock)) {
                s.alerts().configure(AlertConfig.parse(config, "alerts.json"));
                fleet.startOnHistory(s, clock);
                for (long now = DAY12 + QUERY_DELAY + FREQUENCY; now <= minerSeen + FREQUENCY; now += FREQUENCY) {
                    clock.set(now);
                    s.ingestEvents("live", fleet.arriving(arrived, now, null));
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
                JsonNode state = s.mlDatafeeds().stats(FEED_ID, false).get(0);
                assertThat(state.path("state").asText()).as("a started datafeed stays started").isEqualTo("started");
                s.alerts().configure(AlertConfig.parse(config, "alerts.json"));
                LiveFleet.deliverAll(s, clock);
                assertThat(hook.taken()).anyMatch(a -> a.path("record").path("by_field_value").asText().equals(MINER));
                assertThat(hook.taken().stream().map(a -> a.path("alert_id").asText()).distinct())
                        .hasSize(hook.taken().size());
                assertThat(s.alerts().deliverDue()).isZero();

                // the next run takes only the events stored since the snapshot's watermark
                long watermark = s.mlJobs().stats(JOB_ID, false).get(0).path("data_counts")
                        .path("latest_record_timestamp").asLong();
                long now = clock.millis() + HOUR;
                clock.set(now);
                s.ingestEvents("live", fleet.arriving(arrived, now, null));
                s.mlDatafeeds().runDue();
                long closedEnd = Math.floorDiv(now - QUERY_DELAY, SPAN) * SPAN;
                long expected = fleet.events.stream().filter(e -> e.timestampMillis() > watermark
                        && e.timestampMillis() < closedEnd).count();
                assertThat(expected).isPositive();
                assertThat(s.mlDatafeeds().eventsReadLastRun(FEED_ID)).isEqualTo(expected);
            }
        }
    }
}

package org.auditml.service;

import org.auditml.testkit.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.DemoFleet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DemoFleet played live: eleven days of history, then the twelfth day arriving in time order while a test clock
 * advances, a real-time rare-process job running on it. The known truth: the miner, a never-seen process on web-02
 * at night.
 */
final class LiveFleet {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOUR = 3_600_000L;
    static final long SPAN = HOUR;
    static final long QUERY_DELAY = 120_000L;
    /** Elastic's default frequency for a one-hour bucket span. */
    static final long FREQUENCY = 600_000L;
    static final long DAY12 = DemoFleet.START + 12 * 24 * HOUR;
    static final double MIN_SCORE = 50;
    static final String MINER = "/tmp/.cache/xxprimef";
    static final String JOB_ID = "live-rare";
    static final String FEED_ID = "feed-live";
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

    final List<AuditEvent> events;

    private LiveFleet(List<AuditEvent> events) {
        this.events = events;
    }

    /** The fleet's raw log, read and put in time order. */
    static LiveFleet read(Path rawLog) {
        List<AuditEvent> read = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("localhost")).read(List.of(rawLog), read::add);
        read.sort(Comparator.comparingLong(AuditEvent::timestampMillis));
        return new LiveFleet(List.copyOf(read));
    }

    static LiveFleet write(Path dir) throws IOException {
        return read(DemoFleet.write(dir, 7).rawLog());
    }

    /** An alerts file: a webhook and an NDJSON file, for the job's group at or above {@link #MIN_SCORE}. */
    static String alertsFile(String hookUrl, Path ndjson) {
        return alertsFile(hookUrl, ndjson, MIN_SCORE);
    }

    /** An alerts file: a webhook and an NDJSON file, for the job's group at or above {@code minScore}. */
    static String alertsFile(String hookUrl, Path ndjson, double minScore) {
        return """
                {"sinks": {"hook": {"type": "webhook", "url": "%s", "headers": {"X-Team": "soc"}},
                           "file": {"type": "ndjson", "path": "%s"}},
                 "rules": [{"group": "live-tests", "min_score": %s, "sinks": ["hook", "file"]}],
                 "retry": {"max_attempts": 5, "initial_backoff": "1s", "max_backoff": "1m"}}"""
                .formatted(hookUrl, ndjson, minScore);
    }

    /** Stores the history before day 12 and starts the real-time datafeed at day 12 (plus the query delay). */
    void startOnHistory(AuditmlService s, TestClock clock) {
        clock.set(DAY12 + QUERY_DELAY);
        s.ingestEvents("history", events.stream().filter(e -> e.timestampMillis() < DAY12).toList());
        s.mlJobs().put(JOB_ID, JOB);
        s.mlJobs().open(JOB_ID);
        s.mlDatafeeds().put(FEED_ID, FEED);
        s.mlDatafeeds().start(FEED_ID, null, null);
    }

    /** The events with {@code from <= ts < to}, as they arrive, less the one held back. */
    List<AuditEvent> arriving(long from, long to, AuditEvent heldBack) {
        return events.stream().filter(e -> e.timestampMillis() >= from && e.timestampMillis() < to && e != heldBack).toList();
    }

    /** Delivers what is pending, moving the clock a minute a pass, until nothing is. */
    static void deliverAll(AuditmlService s, TestClock clock) {
        for (int i = 0; i < 500 && s.alerts().list(0).path("pending").asLong() > 0; i++) {
            clock.set(clock.millis() + 60_000);
            s.alerts().deliverDue();
        }
    }

    /** The stored anomalies of day 12 at or above {@link #MIN_SCORE}, each as "time|host|process". */
    static Set<String> alertable(AuditmlService s) throws IOException {
        return alertable(s, MIN_SCORE);
    }

    /** The stored anomalies of day 12 at or above {@code minScore}, each as "time|host|process". */
    static Set<String> alertable(AuditmlService s, double minScore) throws IOException {
        Set<String> expected = new HashSet<>();
        for (String doc : s.results(new ResultQuery(JOB_ID, "record", null))) {
            JsonNode r = JSON.readTree(doc);
            if (r.path("timestamp").asLong() >= DAY12 && r.path("initial_record_score").asDouble() >= minScore) {
                expected.add(r.path("timestamp").asLong() + "|" + r.path("partition_field_value").asText() + "|"
                        + r.path("by_field_value").asText());
            }
        }
        return expected;
    }

    /** An alert's anomaly as "time|host|process". */
    static String key(JsonNode alert) {
        JsonNode r = alert.path("record");
        return r.path("timestamp").asLong() + "|" + r.path("partition_field_value").asText() + "|"
                + r.path("by_field_value").asText();
    }
}

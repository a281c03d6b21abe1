package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.DemoFleet;
import org.auditml.testkit.TestClock;
import org.auditml.testkit.SelfSignedKeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditml.server.ElasticAnswers.assertError;
import static org.auditml.server.ElasticAnswers.ok;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Elastic's {@code _ml} API against a real server on a free port, called with a real HTTP client, over the demo
 * fortnight (a miner run once on web-02, an ssh storm on the bastion): jobs and datafeeds made, run and read back as
 * Elastic's documents, events posted to a job, and each kind of error in Elastic's error shape.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RARE_JOB = """
            {"description": "rare processes per host", "groups": ["api-tests"],
             "analysis_config": {"bucket_span": "1h",
               "detectors": [{"function": "rare", "by_field_name": "process.executable", "partition_field_name": "host.name"}],
               "influencers": ["host.name", "process.executable"]},
             "data_description": {"time_field": "@timestamp"}}""";
    private static final String RARE_FEED = """
            {"job_id": "api-rare", "indices": ["auditbeat-*"],
             "query": {"bool": {"filter": [{"term": {"event.module": "auditd"}}, {"exists": {"field": "process.executable"}}],
                                "must_not": [{"exists": {"field": "container.id"}}]}}}""";

    @TempDir
    static Path dir;
    static DemoFleet.Written fleet;
    static AuditmlService service;
    static MlServer server;

    @BeforeAll
    static void start() throws Exception {
        fleet = DemoFleet.write(dir, 1);
        service = AuditmlService.open(dir.resolve("api.duckdb"));
        service.analyze(new AnalysisRequest(List.of(fleet.rawLog()), List.of("auditbeat_process_hosts_ecs"), List.of(), "",
                null, null, "localhost"), IngestListener.NONE);
        server = MlServer.start(service, ServerOptions.local(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        service.close();
    }

    @Test
    @Order(1)
    void putJob_thenGetIt_byIdGroupAndWildcard() throws Exception {
        JsonNode made = ok(call("PUT", "/_ml/anomaly_detectors/api-rare", RARE_JOB));
        assertThat(made.path("job_id").asText()).isEqualTo("api-rare");
        assertThat(made.path("job_type").asText()).isEqualTo("anomaly_detector");
        assertThat(made.path("create_time").asLong()).isPositive();
        assertThat(made.path("analysis_config").path("detectors").get(0).path("function").asText()).isEqualTo("rare");

        assertThat(ok(call("GET", "/_ml/anomaly_detectors/api-*", null)).path("count").asInt()).isEqualTo(1);
        assertThat(ok(call("GET", "/_ml/anomaly_detectors/api-tests", null)).path("jobs").get(0).path("job_id").asText())
                .isEqualTo("api-rare");
        JsonNode all = ok(call("GET", "/_ml/anomaly_detectors/_all", null));
        assertThat(all.path("jobs").findValuesAsText("job_id")).contains("api-rare", "hosts_rare_process_activity_ecs",
                "hosts_high_count_process_events_ecs");
    }

    @Test
    @Order(2)
    void errors_areElasticsErrorDocuments() throws Exception {
        assertError(call("GET", "/_ml/anomaly_detectors/nope", null), 404, "resource_not_found_exception", "nope");
        assertError(call("PUT", "/_ml/anomaly_detectors/api-rare", RARE_JOB), 400, "resource_already_exists_exception",
                "api-rare");
        assertError(call("PUT", "/_ml/anomaly_detectors/bad-json", "{\"analysis_config\": "), 400, null, "JSON");
        assertError(call("PUT", "/_ml/anomaly_detectors/bad-field", RARE_JOB.replace("\"groups\"", "\"gruops\"")), 400,
                "x_content_parse_exception", "gruops");
        assertError(call("GET", "/_ml/no_such_thing", null), 400, "illegal_argument_exception", "no handler found");
        assertError(call("POST", "/_ml/datafeeds/nope/_start", ""), 404, "resource_not_found_exception", "nope");
        assertThat(ok(call("GET", "/_ml/anomaly_detectors", null)).path("count").asInt()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void datafeed_runsItsJobOverTheStore_andTheResultsAreRead() throws Exception {
        assertThat(ok(call("PUT", "/_ml/datafeeds/feed-api-rare", RARE_FEED)).path("datafeed_id").asText())
                .isEqualTo("feed-api-rare");
        assertError(call("POST", "/_ml/datafeeds/feed-api-rare/_start", ""), 409, "status_exception", "closed");
        assertThat(ok(call("POST", "/_ml/anomaly_detectors/api-rare/_open", "")).path("opened").asBoolean()).isTrue();

        JsonNode preview = ok(call("GET", "/_ml/datafeeds/feed-api-rare/_preview", null));
        assertThat(preview.size()).isEqualTo(100);
        assertThat(preview.get(0).has("process.executable")).isTrue();

        long end = DemoFleet.START + DemoFleet.DAYS * 24 * 3_600_000L;
        ok(call("POST", "/_ml/datafeeds/feed-api-rare/_start?start=" + DemoFleet.START + "&end=" + end, ""));
        JsonNode stats = ok(call("GET", "/_ml/datafeeds/feed-api-rare/_stats", null));
        assertThat(stats.path("datafeeds").get(0).path("state").asText()).isEqualTo("stopped");
        assertThat(ok(call("GET", "/_ml/datafeeds/_all", null)).path("datafeeds").findValuesAsText("job_id"))
                .containsOnlyOnce("api-rare");

        JsonNode records = ok(call("GET", "/_ml/anomaly_detectors/api-rare/results/records?size=3&sort=record_score", null));
        JsonNode top = records.path("records").get(0);
        assertThat(records.path("count").asInt()).isGreaterThan(3);
        assertThat(records.path("records").size()).isEqualTo(3);
        assertThat(top.path("by_field_value").asText()).isEqualTo("/tmp/.cache/xxprimef");
        assertThat(top.path("partition_field_value").asText()).isEqualTo("web-02");
        assertThat(records.path("records").get(1).path("record_score").asDouble())
                .isLessThanOrEqualTo(top.path("record_score").asDouble());

        JsonNode page2 = ok(call("POST", "/_ml/anomaly_detectors/api-rare/results/records",
                "{\"page\": {\"from\": 1, \"size\": 2}, \"desc\": true}"));
        assertThat(page2.path("records").get(0)).isEqualTo(records.path("records").get(1));

        JsonNode bucket = ok(call("GET", "/_ml/anomaly_detectors/api-rare/results/buckets/"
                + top.path("timestamp").asLong() + "?expand=true", null));
        assertThat(bucket.path("count").asInt()).isEqualTo(1);
        assertThat(bucket.path("buckets").get(0).path("records").findValuesAsText("by_field_value"))
                .contains("/tmp/.cache/xxprimef");
        double score = bucket.path("buckets").get(0).path("anomaly_score").asDouble();
        JsonNode atLeast = ok(call("GET", "/_ml/anomaly_detectors/api-rare/results/buckets?size=1000&anomaly_score=" + score, null));
        assertThat(atLeast.path("buckets").findValuesAsText("timestamp")).contains(top.path("timestamp").asText());
        JsonNode above = ok(call("GET", "/_ml/anomaly_detectors/api-rare/results/buckets?size=1000&anomaly_score="
                + (score + 0.001), null));
        assertThat(above.path("buckets").findValuesAsText("timestamp")).doesNotContain(top.path("timestamp").asText());

        JsonNode influencers = ok(call("GET", "/_ml/anomaly_detectors/api-rare/results/influencers?size=1", null));
        assertThat(influencers.path("influencers").get(0).path("influencer_score").asDouble()).isPositive();
        JsonNode overall = ok(call("GET", "/_ml/anomaly_detectors/api-rare,hosts_*/results/overall_buckets?top_n=2"
                + "&overall_score=1", null));
        assertThat(overall.path("overall_buckets").size()).isPositive();
        assertThat(overall.path("overall_buckets").get(0).path("jobs").size()).isBetween(1, 3);
    }

    @Test
    @Order(4)
    void stats_snapshots_andTheStatesThatRefuse() throws Exception {
        JsonNode stats = ok(call("GET", "/_ml/anomaly_detectors/api-rare/_stats", null)).path("jobs").get(0);
        assertThat(stats.path("state").asText()).isEqualTo("opened");
        assertThat(stats.path("data_counts").path("bucket_count").asLong()).isEqualTo(DemoFleet.DAYS * 24L);
        assertThat(stats.path("data_counts").path("processed_record_count").asLong()).isPositive();
        assertThat(stats.path("model_size_stats").path("model_bytes").asLong()).isPositive();

        JsonNode snapshots = ok(call("GET", "/_ml/anomaly_detectors/api-rare/model_snapshots", null));
        assertThat(snapshots.path("count").asInt()).isEqualTo(1);
        String id = snapshots.path("model_snapshots").get(0).path("snapshot_id").asText();
        JsonNode updated = ok(call("POST", "/_ml/anomaly_detectors/api-rare/model_snapshots/" + id + "/_update",
                "{\"description\": \"after the demo fortnight\", \"retain\": true}"));
        assertThat(updated.path("model").path("description").asText()).isEqualTo("after the demo fortnight");
        assertThat(updated.path("model").path("retain").asBoolean()).isTrue();
        assertError(call("POST", "/_ml/anomaly_detectors/api-rare/model_snapshots/" + id + "/_revert", ""), 409,
                "status_exception", "opened");
        assertError(call("GET", "/_ml/anomaly_detectors/api-rare/model_snapshots/123", null), 404,
                "resource_not_found_exception", "123");

        assertError(call("DELETE", "/_ml/anomaly_detectors/api-rare", null), 409, "status_exception", "datafeed");
        ok(call("DELETE", "/_ml/datafeeds/feed-api-rare", null));
        assertError(call("DELETE", "/_ml/anomaly_detectors/api-rare", null), 409, "status_exception", "opened");
        ok(call("POST", "/_ml/anomaly_detectors/api-rare/_close", ""));
        ok(call("POST", "/_ml/anomaly_detectors/api-rare/_reset", ""));
        assertThat(ok(call("GET", "/_ml/anomaly_detectors/api-rare/results/records", null)).path("count").asInt()).isZero();
        ok(call("DELETE", "/_ml/anomaly_detectors/api-rare", null));
        assertError(call("GET", "/_ml/anomaly_detectors/api-rare", null), 404, "resource_not_found_exception", "api-rare");
    }

    @Test
    @Order(5)
    void postedEvents_areStoredAndAnalysedByTheOpenJob_andCounted(@TempDir Path own) throws Exception {
        List<String> lines = Files.readAllLines(fleet.rawLog(), StandardCharsets.UTF_8);
        Path first = own.resolve("first.log");
        Path both = own.resolve("both.log");
        Files.write(first, lines.subList(0, 5_000));
        Files.write(both, lines.subList(0, 10_000));
        try (AuditmlService empty = AuditmlService.open(own.resolve("posted.duckdb"));
             MlServer posted = MlServer.start(empty, ServerOptions.local(0))) {
            String base = "http://127.0.0.1:" + posted.port();
            ok(send(base, "PUT", "/_ml/anomaly_detectors/api-data", RARE_JOB.replace("rare processes", "posted events")));
            assertError(send(base, "POST", "/_ml/anomaly_detectors/api-data/_data", Files.readString(first)), 409,
                    "status_exception", "not open");
            ok(send(base, "POST", "/_ml/anomaly_detectors/api-data/_open", ""));

            JsonNode counts = ok(send(base, "POST", "/_ml/anomaly_detectors/api-data/_data", Files.readString(first)));
            assertThat(counts.path("processed_record_count").asLong()).isEqualTo(eventsIn(first));
            String second = String.join("\n", lines.subList(5_000, 10_000)) + "\n";
            counts = ok(send(base, "POST", "/_ml/anomaly_detectors/api-data/_data", second));
            assertThat(counts.path("processed_record_count").asLong()).isEqualTo(eventsIn(both));
            assertThat(ok(send(base, "GET", "/_ml/datafeeds", null)).path("count").asInt()).isZero();
        }
    }

    /**
     * A datafeed started without an end runs again over the events stored after it started, once their buckets have
     * closed on the service's clock.
     */
    @Test
    void realTimeDatafeed_takesTheEventsStoredAfterItStarted(@TempDir Path own) throws Exception {
        List<String> lines = Files.readAllLines(fleet.rawLog(), StandardCharsets.UTF_8);
        long week = DemoFleet.START + 7 * 24 * 3_600_000L;
        int cut = 0;
        while (cut < lines.size() && auditTime(lines.get(cut)) < week) {
            cut++;
        }
        Path firstWeek = own.resolve("week1.log");
        Path secondWeek = own.resolve("week2.log");
        Files.write(firstWeek, lines.subList(0, cut));
        Files.write(secondWeek, lines.subList(cut, lines.size()));
        TestClock clock = new TestClock(week + 60_000); // the first week has closed, Elastic's default query delay included
        try (AuditmlService live = AuditmlService.open(own.resolve("live.duckdb"), clock);
             MlServer liveServer = MlServer.start(live, ServerOptions.local(0))) {
            String base = "http://127.0.0.1:" + liveServer.port();
            live.analyze(new AnalysisRequest(List.of(firstWeek), List.of("auditbeat_process_hosts_ecs"), List.of(), "", null,
                    null, "localhost"), IngestListener.NONE);
            ok(send(base, "PUT", "/_ml/anomaly_detectors/api-live", RARE_JOB));
            ok(send(base, "PUT", "/_ml/datafeeds/feed-api-live", RARE_FEED.replace("api-rare", "api-live")));
            ok(send(base, "POST", "/_ml/anomaly_detectors/api-live/_open", ""));
            ok(send(base, "POST", "/_ml/datafeeds/feed-api-live/_start", ""));
            JsonNode state = ok(send(base, "GET", "/_ml/datafeeds/feed-api-live/_stats", null)).path("datafeeds").get(0);
            assertThat(state.path("state").asText()).isEqualTo("started");
            assertThat(state.path("running_state").path("real_time_configured").asBoolean()).isTrue();
            long before = ok(send(base, "GET", "/_ml/anomaly_detectors/api-live/_stats", null)).path("jobs").get(0)
                    .path("data_counts").path("processed_record_count").asLong();

            synchronized (live) {
                live.analyze(new AnalysisRequest(List.of(secondWeek), List.of("auditbeat_process_hosts_ecs"), List.of(), "",
                        null, null, "localhost"), IngestListener.NONE);
                clock.set(DemoFleet.START + DemoFleet.DAYS * 24 * 3_600_000L + 3_660_000L);
                live.mlDatafeeds().runStarted();
            }
            JsonNode after = ok(send(base, "GET", "/_ml/anomaly_detectors/api-live/_stats", null)).path("jobs").get(0);
            assertThat(after.path("data_counts").path("processed_record_count").asLong()).isGreaterThan(before);
            assertThat(after.path("data_counts").path("delayed_record_count").asLong()).isZero();
            assertError(send(base, "POST", "/_ml/anomaly_detectors/api-live/_close", ""), 409, "status_exception",
                    "datafeed hasn't been stopped");
            ok(send(base, "POST", "/_ml/datafeeds/feed-api-live/_stop", ""));
            ok(send(base, "POST", "/_ml/anomaly_detectors/api-live/_close", ""));
            JsonNode records = ok(send(base, "GET", "/_ml/anomaly_detectors/api-live/results/records?size=1", null));
            assertThat(records.path("records").get(0).path("by_field_value").asText()).isEqualTo("/tmp/.cache/xxprimef");
        }
    }

    private static long auditTime(String line) {
        int at = line.indexOf("msg=audit(");
        return at < 0 ? 0 : (long) (Double.parseDouble(line.substring(at + 10, line.indexOf(':', at))) * 1000);
    }

    private static long eventsIn(Path log) {
        AtomicLong events = new AtomicLong();
        new AuditReader(ReaderOptions.defaults("localhost")).read(List.of(log), e -> events.incrementAndGet());
        return events.get();
    }

    @Test
    @Order(6)
    void validate_andInfo_andTheOpenApiDescription() throws Exception {
        assertThat(ok(call("POST", "/_ml/anomaly_detectors/_validate", RARE_JOB)).path("acknowledged").asBoolean()).isTrue();
        assertError(call("POST", "/_ml/anomaly_detectors/_validate/detector", "{\"function\": \"rarest\"}"), 400,
                "x_content_parse_exception", "rarest");
        assertThat(ok(call("GET", "/_ml/info", null)).path("defaults").path("anomaly_detectors")
                .path("model_memory_limit").asText()).isEqualTo("1gb");
        JsonNode openApi = ok(call("GET", "/openapi.json", null));
        assertThat(openApi.path("paths").has("/_ml/anomaly_detectors/{job_id}/results/records")).isTrue();
        assertThat(openApi.path("paths").path("/_ml/datafeeds/{datafeed_id}/_start").has("post")).isTrue();
    }

    /** Filters and calendars through the API silence what a user says is known: a filtered program, a window. */
    @Test
    @Order(7)
    void filtersAndCalendars_silenceWhatTheyName() throws Exception {
        JsonNode filter = ok(call("PUT", "/_ml/filters/known_good", """
                {"description": "programs we run ourselves", "items": ["/usr/bin/pg_*", "*rotate"]}"""));
        assertThat(filter.path("filter_id").asText()).isEqualTo("known_good");
        assertError(call("PUT", "/_ml/filters/known_good", "{\"items\": []}"), 400, "resource_already_exists_exception",
                "known_good");
        JsonNode updated = ok(call("POST", "/_ml/filters/known_good/_update", """
                {"add_items": ["/tmp/.cache/xxprimef"], "remove_items": ["*rotate"]}"""));
        assertThat(texts(updated.path("items"))).containsExactly("/tmp/.cache/xxprimef", "/usr/bin/pg_*");
        assertThat(ok(call("GET", "/_ml/filters", null)).path("count").asInt()).isEqualTo(1);
        assertError(call("GET", "/_ml/filters/nope", null), 404, "resource_not_found_exception", "nope");

        String ruled = RARE_JOB.replace("\"partition_field_name\": \"host.name\"}", "\"partition_field_name\": \"host.name\","
                + " \"custom_rules\": [{\"actions\": [\"skip_result\"], \"scope\": {\"process.executable\":"
                + " {\"filter_id\": \"FILTER\", \"filter_type\": \"include\"}}}]}");
        assertError(call("PUT", "/_ml/anomaly_detectors/api-unknown-filter", ruled.replace("FILTER", "nope")), 400, null,
                "nope");
        ok(call("PUT", "/_ml/anomaly_detectors/api-ruled", ruled.replace("FILTER", "known_good")));
        ok(call("PUT", "/_ml/anomaly_detectors/api-cal", RARE_JOB));
        assertError(call("DELETE", "/_ml/filters/known_good", null), 409, "status_exception", "api-ruled");

        JsonNode calendar = ok(call("PUT", "/_ml/calendars/maintenance", "{\"job_ids\": [\"api-cal\"]}"));
        assertThat(texts(calendar.path("job_ids"))).containsExactly("api-cal");
        assertError(call("PUT", "/_ml/calendars/maintenance/jobs/nope", ""), 404, "resource_not_found_exception", "nope");
        long minerHour = DemoFleet.MINER_AT - DemoFleet.MINER_AT % 3_600_000L;
        JsonNode events = ok(call("POST", "/_ml/calendars/maintenance/events", "{\"events\": [{\"description\": "
                + "\"patching\", \"start_time\": " + minerHour + ", \"end_time\": " + (minerHour + 3_600_000L) + "}]}"));
        String eventId = events.path("events").get(0).path("event_id").asText();
        assertThat(eventId).isNotEmpty();
        assertThat(ok(call("GET", "/_ml/calendars/maintenance/events", null)).path("count").asInt()).isEqualTo(1);
        assertThat(ok(call("GET", "/_ml/calendars/_all", null)).path("calendars").findValuesAsText("calendar_id"))
                .containsExactly("maintenance");

        long end = DemoFleet.START + DemoFleet.DAYS * 24 * 3_600_000L;
        for (String job : List.of("api-ruled", "api-cal")) {
            ok(call("PUT", "/_ml/datafeeds/feed-" + job, RARE_FEED.replace("api-rare", job)));
            ok(call("POST", "/_ml/anomaly_detectors/" + job + "/_open", ""));
            ok(call("POST", "/_ml/datafeeds/feed-" + job + "/_start?start=" + DemoFleet.START + "&end=" + end, ""));
            JsonNode records = ok(call("GET", "/_ml/anomaly_detectors/" + job + "/results/records?size=1000", null));
            assertThat(records.path("count").asInt()).as(job).isPositive();
            assertThat(records.path("records").findValuesAsText("by_field_value")).as(job)
                    .doesNotContain("/tmp/.cache/xxprimef");
        }
        ok(call("DELETE", "/_ml/calendars/maintenance/events/" + eventId, null));
        assertThat(ok(call("GET", "/_ml/calendars/maintenance/events", null)).path("count").asInt()).isZero();
        ok(call("DELETE", "/_ml/calendars/maintenance", null));
        assertError(call("GET", "/_ml/calendars/maintenance", null), 404, "resource_not_found_exception", "maintenance");
    }

    /** The changing routes the other tests leave out: updates, flush, the stats of all, and deletes. */
    @Test
    @Order(8)
    void updates_flush_andDeletes() throws Exception {
        JsonNode updated = ok(call("POST", "/_ml/anomaly_detectors/api-ruled/_update", """
                {"description": "rare processes, known ones skipped", "groups": ["api-tests", "ruled"],
                 "detectors": [{"detector_index": 0, "description": "rare by host"}]}"""));
        assertThat(updated.path("description").asText()).isEqualTo("rare processes, known ones skipped");
        assertThat(texts(updated.path("groups"))).containsExactly("api-tests", "ruled");
        assertThat(updated.path("analysis_config").path("detectors").get(0).path("detector_description").asText())
                .isEqualTo("rare by host");
        assertError(call("POST", "/_ml/anomaly_detectors/api-ruled/_update", "{\"bucket_span\": \"5m\"}"), 400, null,
                "bucket_span");
        assertError(call("POST", "/_ml/anomaly_detectors/api-ruled/_update", "{\"detectors\": [{\"detector_index\": 3}]}"),
                400, null, "detector_index");
        assertThat(ok(call("GET", "/_ml/anomaly_detectors/ruled", null)).path("count").asInt()).isEqualTo(1);

        JsonNode flushed = ok(call("POST", "/_ml/anomaly_detectors/api-ruled/_flush", ""));
        assertThat(flushed.path("flushed").asBoolean()).isTrue();
        assertThat(flushed.path("last_finalized_bucket_end").asLong())
                .isEqualTo(DemoFleet.START + DemoFleet.DAYS * 24 * 3_600_000L);
        assertThat(ok(call("GET", "/_ml/anomaly_detectors/_stats", null)).path("jobs").findValuesAsText("state"))
                .contains("opened");
        assertThat(ok(call("GET", "/_ml/datafeeds/_stats", null)).path("datafeeds").findValuesAsText("datafeed_id"))
                .contains("feed-api-ruled", "feed-api-cal");

        JsonNode feed = ok(call("POST", "/_ml/datafeeds/feed-api-ruled/_update", """
                {"query": {"term": {"host.name": "web-02"}}, "scroll_size": 500}"""));
        assertThat(feed.path("query").path("term").path("host.name").asText()).isEqualTo("web-02");
        assertThat(feed.path("scroll_size").asInt()).isEqualTo(500);
        JsonNode preview = ok(call("POST", "/_ml/datafeeds/feed-api-ruled/_preview", ""));
        assertThat(preview.findValuesAsText("host.name")).containsOnly("web-02");
        assertError(call("POST", "/_ml/datafeeds/feed-api-ruled/_update", "{\"query\": {\"geo_distance\": {}}}"), 400,
                null, "geo_distance");

        ok(call("PUT", "/_ml/calendars/weekly", "{\"job_ids\": [\"api-cal\"]}"));
        assertThat(texts(ok(call("PUT", "/_ml/calendars/weekly/jobs/api-ruled", "")).path("job_ids")))
                .containsExactlyInAnyOrder("api-cal", "api-ruled");
        assertThat(texts(ok(call("DELETE", "/_ml/calendars/weekly/jobs/api-cal", null)).path("job_ids")))
                .containsExactly("api-ruled");

        String snapshot = ok(call("GET", "/_ml/anomaly_detectors/api-cal/model_snapshots", null)).path("model_snapshots")
                .get(0).path("snapshot_id").asText();
        assertError(call("DELETE", "/_ml/anomaly_detectors/api-cal/model_snapshots/" + snapshot, null), 400,
                "illegal_argument_exception", "active snapshot");

        ok(call("POST", "/_ml/anomaly_detectors/api-ruled/_close", ""));
        ok(call("DELETE", "/_ml/anomaly_detectors/api-ruled?force=true", null));
        assertThat(ok(call("GET", "/_ml/datafeeds", null)).path("datafeeds").findValuesAsText("datafeed_id"))
                .doesNotContain("feed-api-ruled");
        ok(call("DELETE", "/_ml/filters/known_good", null));
        assertError(call("GET", "/_ml/filters/known_good", null), 404, "resource_not_found_exception", "known_good");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void apiKey_isRequiredWhenSet_plainOrAsElasticEncodesIt() throws Exception {
        try (MlServer keyed = MlServer.start(service, new ServerOptions(ServerOptions.LOCALHOST, 0, "s3cret", null, null))) {
            String base = "http://127.0.0.1:" + keyed.port();
            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_ml/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(none, 401, "security_exception", "missing authentication credentials");
            for (String key : List.of("s3cret", Base64.getEncoder().encodeToString("key-id:s3cret".getBytes(StandardCharsets.UTF_8)))) {
                HttpResponse<String> with = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_ml/info"))
                        .header("Authorization", "ApiKey " + key).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(with.statusCode()).isEqualTo(200);
            }
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_ml/info"))
                    .header("Authorization", "ApiKey s3cre").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            // the web UI's pages hold no data: they load without the key, then ask for it
            for (String page : List.of("/", "/ui/app.js", "/ui/vendor/echarts.min.js")) {
                HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(URI.create(base + page)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(served.statusCode()).as(page).isEqualTo(200);
            }
            assertError(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/anomaly_detectors/api-rare/model_plot")).build(),
                    HttpResponse.BodyHandlers.ofString()), 401, "security_exception", "missing authentication credentials");
        }
    }

    @Test
    void modelPlot_givesEachBucketsBounds_withTheRecordsActual() throws Exception {
        String job = RARE_JOB.replace("\"function\": \"rare\", \"by_field_name\": \"process.executable\", ",
                "\"function\": \"high_non_zero_count\", ").replace("\"analysis_config\"",
                "\"model_plot_config\": {\"enabled\": true}, \"analysis_config\"");
        ok(call("PUT", "/_ml/anomaly_detectors/api-plot", job));
        ok(call("PUT", "/_ml/datafeeds/feed-api-plot", RARE_FEED.replace("api-rare", "api-plot")));
        ok(call("POST", "/_ml/anomaly_detectors/api-plot/_open", ""));
        long end = DemoFleet.START + DemoFleet.DAYS * 24 * 3_600_000L;
        ok(call("POST", "/_ml/datafeeds/feed-api-plot/_start?start=" + DemoFleet.START + "&end=" + end, ""));

        JsonNode top = ok(call("GET", "/_ml/anomaly_detectors/api-plot/results/records?size=1", null)).path("records").get(0);
        String host = top.path("partition_field_value").asText();
        long at = top.path("timestamp").asLong();
        JsonNode one = ok(call("GET", "/api/anomaly_detectors/api-plot/model_plot?partition_field_value=" + host
                + "&start=" + at + "&end=" + (at + 1), null));
        assertThat(one.path("count").asInt()).isEqualTo(1);
        JsonNode plot = one.path("model_plot").get(0);
        assertThat(plot.path("actual").asDouble()).isEqualTo(top.path("actual").get(0).asDouble());
        assertThat(plot.path("model_lower").asDouble()).isLessThanOrEqualTo(plot.path("model_median").asDouble());
        assertThat(plot.path("model_median").asDouble()).isLessThanOrEqualTo(plot.path("model_upper").asDouble());
        assertThat(plot.path("actual").asDouble()).isGreaterThan(plot.path("model_upper").asDouble());

        JsonNode all = ok(call("GET", "/api/anomaly_detectors/api-plot/model_plot?partition_field_value=" + host, null));
        List<Long> times = all.path("model_plot").findValues("timestamp").stream().map(JsonNode::asLong).toList();
        assertThat(times).hasSizeGreaterThan(24).isSorted();
        assertThat(all.path("model_plot").findValuesAsText("partition_field_value")).containsOnly(host);
        assertError(call("GET", "/api/anomaly_detectors/nope/model_plot", null), 404, "resource_not_found_exception", "nope");
    }

    @Test
    void tls_servesHttpsWithTheGivenCertificate(@TempDir Path own) throws Exception {
        SelfSignedKeyStore keys = SelfSignedKeyStore.write(own.resolve("server.p12"));
        SSLContext tls = keys.client();
        try (MlServer https = MlServer.start(service, new ServerOptions(ServerOptions.LOCALHOST, 0, null, keys.file(),
                keys.password()))) {
            HttpResponse<String> info = HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + https.port() + "/_ml/info")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(info.body()).path("defaults").has("anomaly_detectors")).isTrue();
            assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + https.port()
                    + "/_ml/info")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send("http://127.0.0.1:" + server.port(), method, path, body);
    }

    private static HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}

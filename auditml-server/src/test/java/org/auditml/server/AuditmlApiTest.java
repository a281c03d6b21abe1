package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReadReport;
import org.auditml.read.ReaderOptions;
import org.auditml.service.AnalysisReport;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditml.server.ElasticAnswers.assertError;
import static org.auditml.server.ElasticAnswers.ok;

/**
 * auditml's own API under {@code /api/} against a real server on a free port, over the demo fortnight (a miner run
 * once on web-02): the events searched, counted and bucketed as the reader finds them in the demo log, an event's
 * original lines, modules listed, recognised and set up with a prefix, an upload ingested as {@code analyze} ingests
 * the log, the hosts' figures, and each kind of error in Elastic's error shape.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditmlApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MINER = "/tmp/.cache/xxprimef";
    private static final String MINER_QUERY = "{\"term\":{\"process.executable\":\"" + MINER + "\"}}";
    private static final String MODULE = "auditbeat_process_hosts_ecs";

    @TempDir
    static Path dir;
    static DemoFleet.Written fleet;
    static AuditmlService service;
    static MlServer server;
    static AnalysisReport analysed;

    @BeforeAll
    static void start() throws Exception {
        fleet = DemoFleet.write(dir, 1);
        service = AuditmlService.open(dir.resolve("api.duckdb"));
        analysed = service.analyze(new AnalysisRequest(List.of(fleet.rawLog()), List.of(MODULE), List.of(), "", null,
                null, "localhost"), IngestListener.NONE);
        server = MlServer.start(service, ServerOptions.local(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        service.close();
    }

    @Test
    @Order(1)
    void health_saysTheVersionStoreAndEvents() throws Exception {
        JsonNode health = ok(get("/api/health"));
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("version").asText()).isEqualTo("0.1.0");
        assertThat(health.path("store").asText()).isEqualTo(service.storeFile().toString());
        assertThat(health.path("events").asLong()).isEqualTo(analysed.ingest().storedEvents()).isPositive();
        assertThat(ok(get("/openapi.json")).path("paths").has("/api/events/_histogram")).isTrue();
    }

    @Test
    @Order(2)
    void count_ofTheMinerOnWeb02_isWhatTheReaderFindsInTheLog() throws Exception {
        long inLog = readerCount(e -> "web-02".equals(e.get("host.name")) && MINER.equals(e.get("process.executable")));
        assertThat(inLog).isPositive();
        assertThat(count("query=" + enc(MINER_QUERY) + "&host=web-02")).isEqualTo(inLog);
        assertThat(count("q=" + enc("process.executable:\"" + MINER + "\" AND host.name:web-02"))).isEqualTo(inLog);
        assertThat(count("query=" + enc(MINER_QUERY) + "&host=web-01")).isZero();
        long all = readerCount(e -> true);
        assertThat(count("")).isEqualTo(all);
        long web02 = readerCount(e -> "web-02".equals(e.get("host.name")));
        assertThat(count("host=web-02")).isEqualTo(web02);
        // the miner runs once, at a known time: a range up to it holds none of its events, one from it holds all
        assertThat(count("query=" + enc(MINER_QUERY) + "&end=" + DemoFleet.MINER_AT)).isZero();
        assertThat(count("query=" + enc(MINER_QUERY) + "&start=" + DemoFleet.MINER_AT)).isEqualTo(inLog);
    }

    @Test
    @Order(3)
    void search_pagesTheSelectedEventsByTime_andAnEventsOriginalIsItsRawLines() throws Exception {
        JsonNode page = ok(get("/api/events?host=web-02&q=" + enc("process.executable:\"" + MINER + "\"") + "&size=50"));
        long total = page.path("total").asLong();
        assertThat(total).isEqualTo(count("host=web-02&query=" + enc(MINER_QUERY)));
        JsonNode first = page.path("events").get(0);
        assertThat(first.path("host.name").asText()).isEqualTo("web-02");
        assertThat(first.path("process.executable").asText()).isEqualTo(MINER);
        assertThat(first.path("process.args").isArray()).isTrue();
        assertThat(first.path("@timestamp").asLong()).isGreaterThanOrEqualTo(DemoFleet.MINER_AT);

        JsonNode latest = ok(get("/api/events?host=web-02&size=20&desc=true")).path("events");
        JsonNode earliest = ok(get("/api/events?host=web-02&size=20&desc=false")).path("events");
        assertThat(latest).hasSize(20);
        for (int i = 1; i < 20; i++) {
            assertThat(latest.get(i).path("@timestamp").asLong()).isLessThanOrEqualTo(latest.get(i - 1).path("@timestamp").asLong());
            assertThat(earliest.get(i).path("@timestamp").asLong()).isGreaterThanOrEqualTo(earliest.get(i - 1).path("@timestamp").asLong());
        }
        JsonNode second = ok(get("/api/events?host=web-02&size=10&from=10&desc=false")).path("events");
        assertThat(second.get(0)).isEqualTo(earliest.get(10));

        String id = first.path("id").asText();
        JsonNode original = ok(get("/api/events/" + enc(id) + "/original"));
        assertThat(original.path("id").asText()).isEqualTo(id);
        List<String> lines = new ArrayList<>();
        original.path("lines").forEach(l -> lines.add(l.asText()));
        assertThat(lines).anyMatch(l -> l.contains(" type=SYSCALL ") && l.contains("exe=\"" + MINER + "\""));
        assertThat(Files.readAllLines(fleet.rawLog())).containsAll(lines);
    }

    @Test
    @Order(4)
    void histogram_bucketsSumToTheCount_andSplitsToTheBuckets() throws Exception {
        String range = "&start=" + DemoFleet.START + "&end=" + (DemoFleet.START + 2 * 86_400_000L);
        // events read and matched, and rows the store counts itself
        assertHistogramAddsUp("query=" + enc("{\"exists\":{\"field\":\"process.executable\"}}") + range);
        assertHistogramAddsUp(range.substring(1));
        String split = "/api/events/_histogram?interval=3h&split=process.executable&top=5" + range;
        assertThat(ok(get(split + "&query=" + enc("{\"match_all\":{}}")))).isEqualTo(ok(get(split)));
    }

    private static void assertHistogramAddsUp(String filter) throws Exception {
        long count = count(filter);
        JsonNode h = ok(get("/api/events/_histogram?" + filter + "&interval=1h&split=host.name&top=2"));
        assertThat(h.path("interval_ms").asLong()).isEqualTo(3_600_000L);
        long sum = 0;
        Map<String, Long> perHost = new HashMap<>();
        for (JsonNode b : h.path("buckets")) {
            assertThat(b.path("timestamp").asLong() % 3_600_000L).isZero();
            long splitSum = 0;
            for (var f : (Iterable<Map.Entry<String, JsonNode>>) b.path("split")::fields) {
                splitSum += f.getValue().asLong();
                perHost.merge(f.getKey(), f.getValue().asLong(), Long::sum);
            }
            assertThat(splitSum).as("every event has one host.name").isEqualTo(b.path("count").asLong());
            sum += b.path("count").asLong();
        }
        assertThat(sum).isEqualTo(count).isPositive();
        assertThat(perHost.keySet()).hasSize(3).contains("__other__");
        perHost.forEach((host, n) -> {
            if (!host.equals("__other__")) {
                try {
                    assertThat(count(filter + "&host=" + enc(host))).isEqualTo(n);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        assertThat(h.path("buckets")).hasSize(48);
    }

    @Test
    @Order(5)
    void modules_areListedRecognisedAndSetUpWithAPrefix() throws Exception {
        JsonNode modules = ok(get("/api/modules")).path("modules");
        JsonNode hosts = null;
        for (JsonNode m : modules) {
            if (m.path("id").asText().equals(MODULE)) {
                hosts = m;
            }
        }
        assertThat(hosts).isNotNull();
        assertThat(hosts.path("title").asText()).isNotEmpty();
        List<String> jobs = new ArrayList<>();
        hosts.path("jobs").forEach(j -> jobs.add(j.asText()));
        assertThat(jobs).contains("hosts_rare_process_activity_ecs");

        JsonNode recognised = ok(get("/api/modules/_recognize"));
        assertThat(recognised.path("events_read").asLong()).isEqualTo(service.eventCount());
        assertThat(recognised.path("modules").findValuesAsText("id")).contains(MODULE);

        long end = DemoFleet.START + DemoFleet.DAYS * 86_400_000L;
        JsonNode setUp = ok(post("/api/modules/" + MODULE + "/_setup", "{\"prefix\":\"ui-\",\"start\":null,\"end\":" + end
                + ",\"start_datafeed\":true}"));
        assertThat(setUp.path("jobs").findValuesAsText("job_id")).containsExactlyInAnyOrderElementsOf(
                jobs.stream().map(j -> "ui-" + j).toList());
        assertThat(setUp.path("jobs").findValuesAsText("datafeed_id")).allMatch(d -> d.contains("ui-"));
        assertThat(setUp.path("jobs").findValues("started")).allMatch(JsonNode::asBoolean);
        JsonNode stats = ok(get("/_ml/anomaly_detectors/ui-*/_stats"));
        assertThat(stats.path("count").asInt()).isEqualTo(jobs.size());
        JsonNode top = ok(get("/_ml/anomaly_detectors/ui-hosts_rare_process_activity_ecs/results/records?size=1"
                + "&sort=record_score")).path("records").get(0);
        assertThat(top.path("by_field_value").asText()).isEqualTo(MINER);
        assertThat(top.path("partition_field_value").asText()).isEqualTo("web-02");

        assertError(post("/api/modules/" + MODULE + "/_setup", "{\"prefix\":\"ui-\"}"), 400, "already exists");
    }

    @Test
    @Order(6)
    void hosts_sayEachHostsEvents_andTheLossTheReadReported() throws Exception {
        JsonNode hosts = ok(get("/api/hosts")).path("hosts");
        Map<String, Long> gaps = new HashMap<>();
        for (ReadReport.Source s : analysed.read().sources().values()) {
            s.nodes().values().forEach(n -> gaps.merge(n.name(), n.serialGaps(), Long::sum));
        }
        long events = 0;
        for (JsonNode h : hosts) {
            String host = h.path("host.name").asText();
            events += h.path("events").asLong();
            assertThat(h.path("events").asLong()).isEqualTo(count("host=" + enc(host)));
            assertThat(h.path("first").asLong()).isLessThanOrEqualTo(h.path("last").asLong());
            assertThat(h.path("serial_gaps").asLong()).as(host).isEqualTo(gaps.getOrDefault(host, 0L));
            assertThat(h.path("malformed_lines").asLong()).isEqualTo(0);
        }
        assertThat(events).isEqualTo(service.eventCount());
        assertThat(hosts.findValuesAsText("host.name")).contains("web-02");
    }

    @Test
    @Order(7)
    void upload_ofTheDemoLog_readsWhatAnalyzeRead_andStoresNothingTwice() throws Exception {
        String hostsBefore = ok(get("/api/hosts")).path("hosts").toString();
        JsonNode done = ingest("audit.log", Files.readAllBytes(fleet.rawLog()));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("events_read").asLong()).isEqualTo(analysed.ingest().events());
        assertThat(done.path("new_events").asLong()).isZero();
        assertThat(done.path("bytes_read").asLong()).isEqualTo(done.path("total_bytes").asLong())
                .isEqualTo(Files.size(fleet.rawLog()));
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(ok(get("/api/hosts")).path("hosts").toString()).isEqualTo(hostsBefore);

        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            Files.copy(fleet.containerLog(), out);
        }
        long before = service.eventCount();
        JsonNode beats = ingest("docker-01.ndjson.gz", gz.toByteArray());
        long inLog = readerCount(List.of(fleet.containerLog()), e -> true);
        assertThat(beats.path("state").asText()).as(beats.toString()).isEqualTo("done");
        assertThat(beats.path("events_read").asLong()).isEqualTo(inLog).isPositive();
        assertThat(beats.path("new_events").asLong()).isEqualTo(inLog);
        assertThat(ok(get("/api/health")).path("events").asLong()).isEqualTo(before + inLog);

        JsonNode broken = ingest("broken.log", "type=SYSCALL msg=audit(1762732800.000:1): arch=c000003e\nnot an audit line\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(broken.path("problems").toString()).contains("broken.log:");
    }

    @Test
    @Order(8)
    void errors_nameWhatIsWrong() throws Exception {
        assertError(get("/api/events/_count?query=" + enc("{\"term\":")), 400, "[query]");
        assertError(get("/api/events?query=" + enc("{\"trem\":{\"host.name\":\"web-02\"}}")), 400, "query");
        assertError(get("/api/events/_count?q=" + enc("xxprimef")), 400, "q");
        assertError(get("/api/events/_histogram?interval=1hour"), 400, "[interval]");
        assertError(get("/api/events/_histogram?interval=0s"), 400, "[interval]");
        assertError(get("/api/events/_count?start=2025-11-20&end=2025-11-10"), 400, "start");
        assertError(get("/api/events?sort=user.name"), 400, "[sort]");
        assertError(get("/api/events?size=-1"), 400, "size");
        assertError(post("/api/modules/no_such_module/_setup", "{}"), 404, "no_such_module");
        assertError(get("/api/events/1762732800000-1-nowhere/original"), 404, "1762732800000-1-nowhere");
        assertError(get("/api/events/not-an-id/original"), 404, "not-an-id");
        assertError(get("/api/ingest/ingest-999"), 404, "ingest-999");
        assertError(send("POST", "/api/ingest?name=" + enc("../escape.log"), HttpRequest.BodyPublishers.ofString("x")), 400,
                "[name]");
    }

    private static JsonNode ingest(String name, byte[] body) throws Exception {
        HttpResponse<String> started = send("POST", "/api/ingest?name=" + enc(name), HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        for (int polls = 0; polls < 6000; polls++) {
            JsonNode status = ok(get("/api/ingest/" + id));
            assertThat(status.path("id").asText()).isEqualTo(id);
            if (!status.path("state").asText().equals("running")) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("ingest " + id + " still running after 6000 polls");
    }

    private static long readerCount(java.util.function.Predicate<AuditEvent> which) throws Exception {
        return readerCount(List.of(fleet.rawLog()), which);
    }

    private static long readerCount(List<Path> files, java.util.function.Predicate<AuditEvent> which) throws Exception {
        long[] n = {0};
        new AuditReader(ReaderOptions.defaults("localhost")).read(files, e -> {
            if (which.test(e)) {
                n[0]++;
            }
        });
        return n[0];
    }

    private static long count(String parameters) throws Exception {
        return ok(get("/api/events/_count?" + parameters)).path("count").asLong();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

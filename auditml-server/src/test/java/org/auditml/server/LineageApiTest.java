package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditml.server.ElasticAnswers.assertError;
import static org.auditml.server.ElasticAnswers.ok;

/**
 * {@code GET /api/processes/lineage} on a real server over the demo store: the miner on web-02 was started by the web
 * server's PHP (the raw log says which pid), which the answer, PHP's own children and the rare job's reason show.
 */
class LineageApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SYSCALL = Pattern.compile("node=web-02 type=SYSCALL msg=audit\\((\\d+)\\.(\\d{3}):\\d+\\).*"
            + " ppid=(\\d+) pid=(\\d+) .* exe=\"([^\"]+)\"");

    @TempDir
    static Path dir;
    static AuditmlService service;
    static MlServer server;
    /** The miner's SYSCALL record and its parent's, as the raw log has them. */
    static Matcher miner;
    static Matcher parent;

    @BeforeAll
    static void start() throws Exception {
        DemoFleet.Written fleet = DemoFleet.write(dir, 1);
        List<Matcher> web02 = Files.readAllLines(fleet.rawLog()).stream().map(SYSCALL::matcher).filter(Matcher::find)
                .toList();
        miner = web02.stream().filter(m -> m.group(5).equals("/tmp/.cache/xxprimef")).findFirst().orElseThrow();
        parent = web02.stream().filter(m -> m.group(4).equals(miner.group(3))).reduce((a, b) -> b).orElseThrow();
        service = AuditmlService.open(dir.resolve("lineage.duckdb"));
        service.analyze(new AnalysisRequest(List.of(fleet.rawLog()), List.of("auditbeat_process_hosts_ecs"), List.of(),
                "", null, null, "localhost"), IngestListener.NONE);
        server = MlServer.start(service, ServerOptions.local(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        service.close();
    }

    @Test
    void theMinersParentIsThePhpTheLogNames_andItsChildrenIncludeTheMiner() throws Exception {
        long at = time(miner);
        JsonNode lineage = ok(get("/api/processes/lineage?host=web-02&pid=" + miner.group(4) + "&time=" + at));

        JsonNode process = lineage.path("process");
        assertThat(process.path("process.executable").asText()).isEqualTo("/tmp/.cache/xxprimef");
        assertThat(process.path("process.pid").asLong()).isEqualTo(Long.parseLong(miner.group(4)));
        assertThat(process.path("@timestamp").asLong()).isEqualTo(at);
        assertThat(process.path("process.start").asLong()).isEqualTo(at);
        assertThat(process.path("host.name").asText()).isEqualTo("web-02");
        // its id gives the lines it was read from, as /api/events' ids do
        JsonNode original = ok(get("/api/events/" + process.path("id").asText() + "/original"));
        assertThat(original.path("lines").toString()).contains("type=SYSCALL").contains("pid=" + miner.group(4));
        assertThat(process.path("process.args").toString()).contains("pool.example.net:3333");
        assertThat(parent.group(5)).isEqualTo("/usr/bin/php8.2");
        assertThat(lineage.path("ancestors").size()).isPositive();
        JsonNode php = lineage.path("ancestors").get(0);
        assertThat(php.path("process.executable").asText()).isEqualTo("/usr/bin/php8.2");
        assertThat(php.path("process.pid").asText()).isEqualTo(miner.group(3));
        assertThat(php.path("@timestamp").asLong()).isEqualTo(time(parent));
        assertThat(lineage.path("children").size()).isZero();

        // asked at the bucket's start (as an anomaly gives it), the answer is the process the pid had next
        long hour = at / 3_600_000L * 3_600_000L;
        assertThat(ok(get("/api/processes/lineage?host=web-02&pid=" + miner.group(4) + "&time=" + hour))
                .path("process").path("@timestamp").asLong()).isEqualTo(at);

        JsonNode ofPhp = ok(get("/api/processes/lineage?host=web-02&pid=" + parent.group(4) + "&time=" + time(parent)));
        assertThat(ofPhp.path("children").findValuesAsText("process.executable")).contains("/tmp/.cache/xxprimef");
        assertThat(ofPhp.path("process.end").isMissingNode()).isTrue();
    }

    @Test
    void theRareJobsReasonNamesWhoStartedTheMiner() throws Exception {
        JsonNode records = ok(get("/_ml/anomaly_detectors/hosts_rare_process_activity_ecs/results/records?size=1000"));
        List<String> reasons = records.path("records").findValuesAsText("reason");
        assertThat(reasons).filteredOn(r -> r.contains("xxprimef"))
                .singleElement().asString().contains("; started by php8.2 → xxprimef");
        assertThat(reasons).filteredOn(r -> r.contains("started by")).hasSize(1);
    }

    @Test
    void missingOrBadParameters_are400_anUnknownProcess_404() throws Exception {
        assertError(get("/api/processes/lineage?pid=1&time=1"), 400, "host");
        assertError(get("/api/processes/lineage?host=web-02&time=1"), 400, "pid");
        assertError(get("/api/processes/lineage?host=web-02&pid=12"), 400, "time");
        assertError(get("/api/processes/lineage?host=web-02&pid=x&time=1"), 400, "[pid]");
        assertError(get("/api/processes/lineage?host=web-02&pid=12&time=yesterday"), 400, "[time]");
        assertError(get("/api/processes/lineage?host=web-02&pid=1&time=" + DemoFleet.START), 404, "no process 1");
        assertError(get("/api/processes/lineage?host=nowhere&pid=" + miner.group(4) + "&time=" + time(miner)), 404,
                "nowhere");
    }

    private static long time(Matcher syscall) {
        return Long.parseLong(syscall.group(1)) * 1000 + Long.parseLong(syscall.group(2));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

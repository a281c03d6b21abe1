package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.service.ResultQuery;
import org.auditml.service.alert.AlertConfig;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditml.server.ElasticAnswers.assertError;
import static org.auditml.server.ElasticAnswers.ok;

/**
 * {@code GET /api/alerts} over a server with an alerts file: a real-time datafeed started on two weeks of history
 * finds its anomalies (the fleet's miner among them), and none is alerted: alerts go only to anomalies of buckets
 * from the time the alerts file was first in place, not to history.
 */
class AlertApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void historyIsNotAlerted_andTheApiSaysWhatWasSent(@TempDir Path dir) throws Exception {
        DemoFleet.Written fleet = DemoFleet.write(dir, 3);
        Path ndjson = dir.resolve("alerts.ndjson");
        try (AuditmlService service = AuditmlService.open(dir.resolve("alerts.duckdb"))) {
            service.analyze(new AnalysisRequest(List.of(fleet.rawLog()), List.of(), List.of(), "", null, null, "localhost"),
                    IngestListener.NONE);
            service.alerts().configure(AlertConfig.parse("""
                    {"sinks": {"file": {"type": "ndjson", "path": "%s"}},
                     "rules": [{"min_score": 1, "sinks": ["file"]}]}""".formatted(ndjson), "alerts.json"));
            try (MlServer server = MlServer.start(service, ServerOptions.local(0))) {
                String base = "http://127.0.0.1:" + server.port();
                ok(send(base, "PUT", "/_ml/anomaly_detectors/live", """
                        {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "rare",
                           "by_field_name": "process.executable", "partition_field_name": "host.name"}]},
                         "data_description": {"time_field": "@timestamp"}}"""));
                ok(send(base, "PUT", "/_ml/datafeeds/feed-live", "{\"job_id\": \"live\"}"));
                ok(send(base, "POST", "/_ml/anomaly_detectors/live/_open", ""));
                ok(send(base, "POST", "/_ml/datafeeds/feed-live/_start", ""));
                assertThat(service.results(new ResultQuery("live", "record", 1.0)))
                        .anyMatch(r -> r.contains("/tmp/.cache/xxprimef"));

                JsonNode alerts = ok(send(base, "GET", "/api/alerts", null));
                assertThat(alerts.path("configured").asBoolean()).isTrue();
                assertThat(alerts.path("pending").asLong() + alerts.path("sent").asLong()).isZero();
                assertThat(alerts.path("alerts")).isEmpty();
                assertThat(Files.exists(ndjson)).isFalse();
                assertError(send(base, "GET", "/api/alerts?size=-1", null), 400, "size");
            }
        }
    }

    private static HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

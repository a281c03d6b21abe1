package org.auditml.service.alert;

import org.auditml.service.RequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertConfigTest {
    @TempDir
    Path dir;

    private String good() {
        return """
                {"sinks": {"soc": {"type": "webhook", "url": "https://soc.example/hook", "headers": {"Authorization": "Bearer x"}},
                           "file": {"type": "ndjson", "path": "%s"},
                           "out": {"type": "stdout"},
                           "siem": {"type": "syslog", "host": "siem.example", "port": 6514, "protocol": "tcp"},
                           "local": {"type": "syslog", "socket": "/dev/log"}},
                 "rules": [{"group": "auditbeat", "min_score": 75, "sinks": ["soc", "file"]},
                           {"job": "auditbeat_rare_*", "min_score": 50, "sinks": ["out"]},
                           {"min_score": 90, "sinks": ["siem", "local"]}],
                 "retry": {"max_attempts": 3, "initial_backoff": "2s", "max_backoff": "30s"}}"""
                .formatted(dir.resolve("alerts.ndjson"));
    }

    @Test
    void aGoodFileIsRead_withItsSinksRulesAndRetry() {
        AlertConfig c = AlertConfig.parse(good(), "alerts.json");
        assertThat(c.sinks()).containsOnlyKeys("soc", "file", "out", "siem", "local");
        assertThat(c.sinks().get("soc").headers()).containsEntry("Authorization", "Bearer x");
        assertThat(c.sinks().get("siem").protocol()).isEqualTo("tcp");
        assertThat(c.sinks().get("local").path()).isEqualTo(Path.of("/dev/log"));
        assertThat(c.rules()).hasSize(3);
        assertThat(c.retry().maxAttempts()).isEqualTo(3);
        // exponential back-off from 2 s, capped at 30 s
        assertThat(c.retry().nextAttempt(0, 1)).isEqualTo(2_000);
        assertThat(c.retry().nextAttempt(0, 2)).isEqualTo(4_000);
        assertThat(c.retry().nextAttempt(0, 4)).isEqualTo(16_000);
        assertThat(c.retry().nextAttempt(0, 9)).isEqualTo(Duration.ofSeconds(30).toMillis());
    }

    @Test
    void aBadFileIsRefused_namingTheFileAndTheField() {
        String g = good();
        assertRefused(g.replace("\"https://soc.example/hook\"", "\"ftp://soc\""), "sinks.soc.url");
        assertRefused(g.replace("\"stdout\"", "\"pager\""), "sinks.out.type");
        assertRefused(g.replace("\"port\": 6514", "\"port\": 70000"), "sinks.siem.port");
        assertRefused(g.replace("\"protocol\": \"tcp\"", "\"protocol\": \"tls\""), "sinks.siem.protocol");
        assertRefused(g.replace("\"min_score\": 75", "\"min_score\": 175"), "rules[0].min_score");
        assertRefused(g.replace("[\"out\"]", "[\"pager\"]"), "rules[1].sinks");
        assertRefused(g.replace("\"group\": \"auditbeat\"", "\"group\": \"auditbeat\", \"job\": \"x\""), "rules[0]");
        assertRefused(g.replace("\"max_backoff\": \"30s\"", "\"max_backoff\": \"soon\""), "retry.max_backoff");
        assertRefused(g.replace("\"retry\"", "\"retries\""), "retries");
        assertRefused(g.replace(dir.resolve("alerts.ndjson").toString(), "/no/such/dir/a.ndjson"), "sinks.file.path");
        assertRefused("{\"sinks\": {}, \"rules\": []}", "sinks");
        assertRefused("{\"sinks\": ", "not valid JSON");
    }

    private static void assertRefused(String json, String field) {
        assertThatThrownBy(() -> AlertConfig.parse(json, "alerts.json")).isInstanceOf(RequestException.class)
                .hasMessageStartingWith("alerts.json: ").hasMessageContaining(field);
    }

    @Test
    void rulesMatchTheirJobOrGroupAtOrAboveTheirScore() {
        AlertConfig c = AlertConfig.parse(good(), "alerts.json");
        var job = org.auditml.engine.job.JobParser.parse("""
                {"groups": ["auditbeat"], "analysis_config": {"bucket_span": "15m",
                 "detectors": [{"function": "rare", "by_field_name": "process.executable"}]},
                 "data_description": {"time_field": "@timestamp"}}""", "auditbeat_rare_process");
        assertThat(c.rules().get(0).matches(job, 75)).isTrue();
        assertThat(c.rules().get(0).matches(job, 74.9)).isFalse();
        assertThat(c.rules().get(1).matches(job, 50)).isTrue();
        assertThat(c.rules().get(1).matches(job.withId("other"), 99)).isFalse();
        assertThat(c.rules().get(2).matches(job.withId("other"), 90)).isTrue();
    }
}

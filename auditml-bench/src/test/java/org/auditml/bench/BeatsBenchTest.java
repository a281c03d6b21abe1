package org.auditml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Beats bench on a few thousand events: every run stores every event once; the fleet's events are all new. */
class BeatsBenchTest {
    @Test
    void everyRunStoresEveryEvent_andPrintsItsLine() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("beats", "--events", "3000", "--clients", "1,3", "--window", "500", "--fleet-rate", "5000");
        assertThat(exit).as(out.toString()).isZero();
        List<String> runs = out.toString().lines().filter(l -> l.matches("\\s+\\d+\\s+(on|off)\\s.*")).toList();
        // 1 and 3 clients, TLS off then on; then 50 paced clients, off and on
        assertThat(runs).extracting(l -> l.trim().split("\\s+")[0] + " " + l.trim().split("\\s+")[1])
                .containsExactly("1 off", "3 off", "1 on", "3 on", "50 off", "50 on");
        assertThat(out.toString()).doesNotContain("events stored").contains("stored→scored is bucket_span + query_delay");
    }

    @Test
    void aHostsEventsAreConsecutiveInSequence_andAtItsRate(@TempDir Path dir) throws Exception {
        List<String> events = new BeatFleet(dir).events("host-007", 5000, 200);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(events.get(0));
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = json.readTree(events.get(i));
            assertThat(e.path("host").path("name").asText()).isEqualTo("host-007");
            assertThat(e.path("auditd").path("sequence").asLong()).isEqualTo(first.path("auditd").path("sequence").asLong() + i);
            assertThat(Instant.parse(e.path("@timestamp").asText()).toEpochMilli()
                    - Instant.parse(first.path("@timestamp").asText()).toEpochMilli()).isEqualTo(i * 5L);
            assertThat(e.path("process").path("executable").asText()).startsWith("/");
        }
    }
}

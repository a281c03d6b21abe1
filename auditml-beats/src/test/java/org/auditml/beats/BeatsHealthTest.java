package org.auditml.beats;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.service.AuditmlService;
import org.auditml.testkit.DemoFleet;
import org.auditml.testkit.LumberjackClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Beat sends that is not an event is counted for the host it names, with the window it came in. */
class BeatsHealthTest {
    @Test
    void eventsThatAreNotAuditbeatJson_areCountedPerHost_andTheWindowIsStillAcknowledged(@TempDir Path dir) throws Exception {
        List<String> window = new ArrayList<>(Files.readAllLines(DemoFleet.write(dir.resolve("fleet"), 7).containerLog())
                .stream().filter(l -> l.startsWith("{")).limit(300).toList());
        window.add(100, "{\"host\":{\"name\":\"web-09\"},\"message\":\"no @timestamp\"}");
        window.add(200, "{\"agent.hostname\":\"web-09\",\"@timestamp\":\"yesterday\"}");
        window.add(250, "{\"host\":");
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.db"));
             BeatsServer server = BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, line -> { });
             LumberjackClient client = new LumberjackClient(server.port())) {
            client.sendWindow(window, true);
            assertThat(client.awaitAck()).isEqualTo(window.size());
            assertThat(service.eventCount()).isEqualTo(300);
            JsonNode hosts = service.hostHealth().hosts(Instant.EPOCH).path("hosts");
            assertThat(rejected(hosts, "web-09")).isEqualTo(2);
            assertThat(rejected(hosts, "")).isEqualTo(1);
        }
    }

    private static long rejected(JsonNode hosts, String host) {
        for (JsonNode h : hosts) {
            if (h.path("host.name").asText().equals(host)) {
                return h.path("rejected_events").asLong();
            }
        }
        return -1;
    }
}

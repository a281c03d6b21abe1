package org.auditml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.testkit.DemoFleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Auditbeat events for a fleet of Beats: the demo fleet's container events (Auditbeat 8.x JSON of process
 * executions) as one host per Beat ({@code host-NNN}), repeated a fortnight later each time more are needed, with
 * their sequence numbers moved on, so that every event is a new one.
 */
final class BeatFleet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FORTNIGHT = Duration.ofDays(DemoFleet.DAYS).toMillis();

    private final List<ObjectNode> templates = new ArrayList<>();

    BeatFleet(Path dir) throws IOException {
        for (String line : Files.readAllLines(DemoFleet.write(dir, 15).containerLog())) {
            if (line.startsWith("{")) {
                templates.add((ObjectNode) JSON.readTree(line));
            }
        }
    }

    /** {@code count} events of host {@code host}, in time order. */
    List<String> events(String host, int count) throws IOException {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int round = i / templates.size();
            ObjectNode e = templates.get(i % templates.size()).deepCopy();
            e.put("@timestamp", Instant.parse(e.path("@timestamp").asText()).plusMillis(round * FORTNIGHT).toString());
            ((ObjectNode) e.path("host")).put("name", host);
            ObjectNode auditd = (ObjectNode) e.path("auditd");
            auditd.put("sequence", auditd.path("sequence").asLong() + (long) round * templates.size());
            out.add(JSON.writeValueAsString(e));
        }
        return out;
    }
}

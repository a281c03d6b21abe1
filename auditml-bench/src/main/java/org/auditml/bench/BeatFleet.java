package org.auditml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.testkit.DemoFleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Auditbeat events for a fleet of Beats as they arrive live: the demo fleet's container events (Auditbeat 8.x JSON
 * of process executions, taken in turn) as one host per Beat ({@code host-NNN}), at a steady rate from the demo's
 * start, with consecutive sequence numbers, so that every event is a new one and a window covers the seconds a live
 * Beat's would.
 */
final class BeatFleet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST_SEQUENCE = 1_000_000;

    private final List<ObjectNode> templates = new ArrayList<>();

    BeatFleet(Path dir) throws IOException {
        for (String line : Files.readAllLines(DemoFleet.write(dir, 15).containerLog())) {
            if (line.startsWith("{")) {
                templates.add((ObjectNode) JSON.readTree(line));
            }
        }
    }

    /** {@code count} events of host {@code host}, {@code perSecond} a second, in time order. */
    List<String> events(String host, int count, double perSecond) throws IOException {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode e = templates.get(i % templates.size()).deepCopy();
            e.put("@timestamp", Instant.ofEpochMilli(DemoFleet.START + (long) (i * 1000 / perSecond)).toString());
            ((ObjectNode) e.path("host")).put("name", host);
            ((ObjectNode) e.path("auditd")).put("sequence", FIRST_SEQUENCE + i);
            out.add(JSON.writeValueAsString(e));
        }
        return out;
    }
}

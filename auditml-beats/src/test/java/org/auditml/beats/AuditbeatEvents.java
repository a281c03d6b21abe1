package org.auditml.beats;

import org.auditml.testkit.DemoFleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Auditbeat events for the server to store: the demo fleets' container hosts, every event a different one. */
final class AuditbeatEvents {
    private AuditbeatEvents() {
    }

    /** {@code count} distinct events (up to 11,000) from fleets written under {@code dir}. */
    static List<String> distinct(Path dir, int count) throws IOException {
        List<String> all = new ArrayList<>();
        for (long seed = 7; all.size() < count && seed <= 9; seed++) {
            // fleets of other seeds: other serials, so other events
            all.addAll(Files.readAllLines(DemoFleet.write(dir.resolve("fleet-" + seed), seed).containerLog())
                    .stream().filter(l -> l.startsWith("{")).toList());
        }
        List<String> events = List.copyOf(all.subList(0, count));
        assertThat(Set.copyOf(events)).hasSize(count);
        return events;
    }
}

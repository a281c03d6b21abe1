package org.auditml.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Real Auditbeat events for a Beats server to store: the demo fleets' container hosts, every event a different one. */
public final class AuditbeatEvents {
    /** The most {@link #distinct} gives: three fleets' worth. */
    public static final int MAX = 11_000;

    private AuditbeatEvents() {
    }

    /** {@code count} (up to {@link #MAX}) distinct Auditbeat JSON events from fleets written under {@code dir}. */
    public static List<String> distinct(Path dir, int count) throws IOException {
        List<String> all = new ArrayList<>();
        for (long seed = 7; all.size() < count && seed <= 9; seed++) {
            // fleets of other seeds: other serials, so other events
            all.addAll(Files.readAllLines(DemoFleet.write(dir.resolve("fleet-" + seed), seed).containerLog())
                    .stream().filter(l -> l.startsWith("{")).toList());
        }
        if (all.size() < count || new HashSet<>(all.subList(0, count)).size() < count) {
            throw new IllegalArgumentException("the demo fleets give " + MAX + " distinct events, not " + count);
        }
        return List.copyOf(all.subList(0, count));
    }
}

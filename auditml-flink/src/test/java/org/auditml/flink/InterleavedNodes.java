package org.auditml.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A raw log of several nodes as they reach a shared topic when each host ships its own lines: every node's lines in
 * their own order, but the records of events of different nodes that are close in time interleaved (each event's
 * records spread over a little more than a second), so that one node's event is still open when another's begin.
 */
final class InterleavedNodes {
    /** How far apart an event's records are placed, in log time. */
    private static final long SPREAD_MILLIS = 300;

    private InterleavedNodes() {
    }

    /** Writes {@code log}'s lines, interleaved across nodes, to {@code out}; returns how many events were cut into. */
    static int write(Path log, Path out) throws IOException {
        record Placed(long at, int order, String line, String event) {
        }
        List<Placed> placed = new ArrayList<>();
        Map<String, Long> nodeAt = new HashMap<>();
        String previousEvent = null;
        long index = 0;
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String event = eventOf(line);
            index = event.equals(previousEvent) ? index + 1 : 0;
            previousEvent = event;
            String node = nodeOf(line);
            // a node's own lines keep their order: its place never goes back
            long at = Math.max(nodeAt.getOrDefault(node, Long.MIN_VALUE), timeOf(event) + index * SPREAD_MILLIS);
            nodeAt.put(node, at);
            placed.add(new Placed(at, i, line, event));
        }
        placed.sort(Comparator.comparingLong(Placed::at).thenComparingInt(Placed::order));
        Set<String> cut = new HashSet<>();
        List<String> interleaved = new ArrayList<>(placed.size());
        Map<String, Integer> lastAt = new HashMap<>();
        for (Placed p : placed) {
            Integer before = lastAt.put(p.event(), interleaved.size());
            if (before != null && before != interleaved.size() - 1) {
                cut.add(p.event());
            }
            interleaved.add(p.line());
        }
        Files.write(out, interleaved, StandardCharsets.UTF_8);
        return cut.size();
    }

    private static String nodeOf(String line) {
        return line.substring("node=".length(), line.indexOf(' '));
    }

    /** "node time:serial" of a record's header. */
    private static String eventOf(String line) {
        int open = line.indexOf("audit(") + "audit(".length();
        return nodeOf(line) + " " + line.substring(open, line.indexOf(')', open));
    }

    private static long timeOf(String event) {
        String stamp = event.substring(event.indexOf(' ') + 1, event.indexOf(':'));
        return Long.parseLong(stamp.replace(".", ""));
    }
}

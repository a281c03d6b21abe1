package org.auditml.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a read saw, per source file and per node: lines, records, events by action, malformed lines with their
 * reasons, serial gaps (possible loss) and incomplete events. The first {@value #MAX_PROBLEMS} problems are kept
 * with file and line; all are counted.
 */
public final class ReadReport {
    public static final int MAX_PROBLEMS = 1000;

    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final List<ParseProblem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long problemCount;

    /** Something the user should know that is no problem of the input: a file of a directory that was not read. */
    public void note(String note) {
        synchronized (notes) {
            notes.add(note);
        }
    }

    public List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    /** The statistics of one source, created on first use. */
    public Source source(String name) {
        return sources.computeIfAbsent(name, Source::new);
    }

    public Map<String, Source> sources() {
        return Collections.unmodifiableMap(sources);
    }

    public void problem(ParseProblem p) {
        problemCount++;
        keep(p);
    }

    private void keep(ParseProblem p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }

    /** Takes in another read's sources and problems (its sources' names must not be among these). */
    void addAll(ReadReport other) {
        for (Source s : other.sources.values()) {
            if (sources.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("source read twice: " + s.name());
            }
        }
        other.problems.forEach(this::keep);
        problemCount += other.problemCount;
        other.notes().forEach(this::note);
    }

    /** The first problems, in order. */
    public List<ParseProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public long problemCount() {
        return problemCount;
    }

    public long events() {
        return sources.values().stream().mapToLong(s -> s.events).sum();
    }

    public long malformedLines() {
        return sources.values().stream().mapToLong(s -> s.malformed).sum();
    }

    /** Counters of one file or stream. */
    public static final class Source {
        private final String name;
        private String format = "unknown";
        long lines;
        long records;
        long malformed;
        long events;
        long incomplete;
        long bytes;
        private final Map<String, Long> malformedByReason = new TreeMap<>();
        private final Map<String, Node> nodes = new TreeMap<>();

        Source(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public String format() {
            return format;
        }

        public void format(String format) {
            this.format = format;
        }

        public void line() {
            lines++;
        }

        public void bytes(long n) {
            bytes = n;
        }

        public void malformed(String reason) {
            malformed++;
            malformedByReason.merge(reason, 1L, Long::sum);
        }

        public Node node(String node) {
            return nodes.computeIfAbsent(node, Node::new);
        }

        public void record(String node) {
            records++;
            node(node).records++;
        }

        public void event(String node, String action, boolean complete) {
            events++;
            if (!complete) {
                incomplete++;
            }
            Node n = node(node);
            n.events++;
            n.byAction.merge(action == null ? "(none)" : action, 1L, Long::sum);
        }

        public long lines() {
            return lines;
        }

        public long records() {
            return records;
        }

        public long malformed() {
            return malformed;
        }

        public long events() {
            return events;
        }

        public long incomplete() {
            return incomplete;
        }

        public long bytes() {
            return bytes;
        }

        public Map<String, Long> malformedByReason() {
            return Collections.unmodifiableMap(malformedByReason);
        }

        public Map<String, Node> nodes() {
            return Collections.unmodifiableMap(nodes);
        }
    }

    /** Counters of one node (host) within a source. */
    public static final class Node {
        private final String name;
        long records;
        long events;
        long serialGaps;
        long serialRestarts;
        private final Map<String, Long> byAction = new TreeMap<>();

        Node(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long records() {
            return records;
        }

        public long events() {
            return events;
        }

        public long serialGaps() {
            return serialGaps;
        }

        public long serialRestarts() {
            return serialRestarts;
        }

        public void serialGaps(long gaps, long restarts) {
            this.serialGaps = gaps;
            this.serialRestarts = restarts;
        }

        public Map<String, Long> eventsByAction() {
            return Collections.unmodifiableMap(byAction);
        }
    }
}

package org.auditml.read;

import org.auditml.read.raw.RecordGroup;
import org.auditml.read.raw.SerialGaps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the parsing thread hands to the delivering thread: closed events (normalised when events are wanted), and
 * the bookkeeping of the lines that gave them (record counts per node, malformed lines, problems), so that only one
 * thread writes the report.
 */
final class RawBatch {
    private final int capacity;
    /** The events' record groups; null for an event read from an Auditbeat JSON line. */
    final List<RecordGroup> groups;
    /** Each group normalised (with its original text), on the parsing thread, when events are wanted; JSON lines' events always. */
    final List<AuditEvent> events;
    /** Lines of each format seen in the batch. */
    long rawLines;
    long jsonLines;
    final Map<String, Long> recordsByNode = new HashMap<>();
    final List<ParseProblem> problems = new ArrayList<>();
    final List<String> malformedReasons = new ArrayList<>();
    long lines;
    /** Set on the last batch: serial gaps by node, or the failure that ended the input. */
    Map<String, SerialGaps> gaps;
    Exception failure;

    /** A batch handed over once it holds {@code capacity} events. */
    RawBatch(int capacity) {
        this.capacity = capacity;
        this.groups = new ArrayList<>(capacity);
        this.events = new ArrayList<>(capacity);
    }

    private String lastNode;
    private long lastNodeRecords;

    /** Counts a record of a node; runs of one node (the usual case) cost no map update. */
    void countRecord(String node) {
        if (!node.equals(lastNode)) {
            flushNodeCount();
            lastNode = node;
        }
        lastNodeRecords++;
    }

    private void flushNodeCount() {
        if (lastNode != null && lastNodeRecords > 0) {
            recordsByNode.merge(lastNode, lastNodeRecords, Long::sum);
        }
        lastNodeRecords = 0;
    }

    boolean isFull() {
        return groups.size() >= capacity;
    }

    void applyTo(ReadReport report, ReadReport.Source source, String defaultHost) {
        flushNodeCount();
        source.lines += lines;
        recordsByNode.forEach((node, n) -> {
            source.records += n;
            source.node(node).records += n;
        });
        malformedReasons.forEach(source::malformed);
        problems.forEach(report::problem);
        if (gaps != null) {
            gaps.forEach((node, g) -> source.node(node.isEmpty() ? defaultHost : node).serialGaps(g.missing(), g.restarts()));
        }
    }
}

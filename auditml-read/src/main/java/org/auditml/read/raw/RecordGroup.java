package org.auditml.read.raw;

import java.util.List;

/**
 * The records of one audit event, in arrival order, identified by (node, time, serial).
 *
 * @param completion what closed the event: its last record, the time window, the cap on open events, or the
 *                   end of the input. Only {@link Completion#END_RECORD} proves the event whole.
 */
public record RecordGroup(String node, long timeMillis, long serial, List<RawRecord> records, Completion completion) {

    public RecordGroup {
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a record group needs at least one record");
        }
    }

    /** What closed an event. */
    public enum Completion {
        /** PROCTITLE, EOE, or a single-record type. */
        END_RECORD,
        /** No record came for longer than the window, in log time. */
        TIMEOUT,
        /** Too many events were open; the oldest was closed. */
        EVICTED,
        /** The input ended. */
        END_OF_INPUT
    }

    /** The first record of {@code type}, or null. */
    public RawRecord first(String type) {
        for (RawRecord r : records) {
            if (r.type().equals(type)) {
                return r;
            }
        }
        return null;
    }
}

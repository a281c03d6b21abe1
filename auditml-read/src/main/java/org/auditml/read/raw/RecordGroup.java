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

    /**
     * The lines of the records as read, joined with {@code '\n'}: what {@link RawLineParser} parses back into
     * these records. Null when text cannot give back the bytes (invalid UTF-8), or when it would be taken for a JSON
     * event (its first non-blank character is '{').
     */
    public String original() {
        int n = records.size() - 1;
        for (RawRecord r : records) {
            n += r.lineLength();
        }
        byte[] bytes = new byte[n];
        int at = 0;
        for (RawRecord r : records) {
            if (at > 0) {
                bytes[at++] = '\n';
            }
            r.copyLine(bytes, at);
            at += r.lineLength();
        }
        for (byte b : bytes) {
            if (b == '{') {
                return null;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                break;
            }
        }
        String ascii = ByteText.ascii(bytes, 0, bytes.length);
        if (ascii != null) {
            return ascii; // nothing to check
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.equals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes) ? text : null;
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

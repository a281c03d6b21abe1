package org.auditml.read.raw;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit record, the parse of one line of audit.log:
 * {@code [node=N ]type=T msg=audit(SECONDS.MILLIS:SERIAL): key=value ...[0x1d ENRICHED=...]}.
 *
 * <p>Values are unquoted and, for the fields the audit documentation marks as encoded, hex-decoded; they are kept
 * as slices of the line and decoded on first read, since most readers need only a few.
 * Keys keep their order; a repeated key takes its last value, as in auparse.
 * The upper-case fields of the enriched format ({@code AUID="alice"}) are kept apart in {@link #enriched}.
 */
public final class RawRecord {
    private final String node;
    private final String type;
    private final long timeMillis;
    private final long serial;
    static final byte TEXT = 0;
    static final byte HEX = 1;
    static final byte LITERAL = 2;

    private final byte[] line;
    private final String[] keys;
    /** Per field: the value's start, length and kind, packed by {@link #span}: one array instead of three. */
    private final long[] spans;
    /** Values decoded so far (literals from the start); most readers need only a few. */
    private final String[] values;
    private final Map<String, String> enriched;
    private final long lineNumber;

    RawRecord(String node, String type, long timeMillis, long serial, byte[] line, String[] keys, long[] spans,
              String[] literals, Map<String, String> enriched, long lineNumber) {
        this.node = node;
        this.type = Objects.requireNonNull(type, "type");
        this.timeMillis = timeMillis;
        this.serial = serial;
        this.line = line;
        this.keys = keys;
        this.spans = spans;
        this.values = literals;
        this.enriched = enriched;
        this.lineNumber = lineNumber;
    }

    /** The {@code node=} name, or null when the line has none. */
    public String node() {
        return node;
    }

    /** The record type as written: {@code SYSCALL}, {@code UNKNOWN[1323]}. */
    public String type() {
        return type;
    }

    /** Milliseconds since the epoch, from {@code msg=audit(...)}. */
    public long timeMillis() {
        return timeMillis;
    }

    /** The event serial number, unsigned 32 bits. */
    public long serial() {
        return serial;
    }

    /** Line number in its source (1-based), 0 when not known. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The length in bytes of the line this record was parsed from (as parsed: trailing blanks cut). */
    public int lineLength() {
        return line.length;
    }

    /** Copies the line this record was parsed from into {@code dst} at {@code at}. */
    public void copyLine(byte[] dst, int at) {
        System.arraycopy(line, 0, dst, at, line.length);
    }

    public int size() {
        return keys.length;
    }

    public String key(int i) {
        return keys[i];
    }

    /** The i-th value, decoded on first use (unquoted, hex-decoded where the field is an encoded one). */
    public String value(int i) {
        String v = values[i];
        if (v == null) {
            long span = spans[i];
            int start = (int) (span >>> 33);
            int length = (int) (span >>> 2) & Integer.MAX_VALUE;
            v = (span & 3) == HEX ? ByteText.decodeHex(line, start, length) : ByteText.decode(line, start, length);
            values[i] = v;
        }
        return v;
    }

    /** A value's start (bits 33-63), length (bits 2-32) and kind (bits 0-1): both are non-negative ints. */
    static long span(int start, int length, byte kind) {
        return (long) start << 33 | (long) length << 2 | kind;
    }

    /** The value of {@code key}, or null when absent. */
    public String get(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return value(i);
            }
        }
        return null;
    }

    /** The enriched (upper-case) fields, in order; empty for a raw-format line. */
    public Map<String, String> enriched() {
        return enriched;
    }

    /** The fields as an ordered map (for tests and display). */
    public Map<String, String> fields() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], value(i));
        }
        return map;
    }

    @Override
    public String toString() {
        return (node == null ? "" : "node=" + node + " ") + "type=" + type + " audit(" + timeMillis + ":" + serial
                + ") " + fields() + (enriched.isEmpty() ? "" : " " + enriched);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r && Objects.equals(node, r.node) && type.equals(r.type)
                && timeMillis == r.timeMillis && serial == r.serial && Arrays.equals(keys, r.keys)
                && fields().equals(r.fields()) && enriched.equals(r.enriched);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, type, timeMillis, serial, Arrays.hashCode(keys));
    }
}

package org.auditml.read.raw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one line of a raw audit log into a {@link RawRecord}.
 *
 * <p>The header is {@code [node=N ]type=T msg=audit(SEC.MS:SERIAL):}; text before {@code node=}/{@code type=}
 * (a syslog prefix) is skipped. The body is a list of {@code key=value} pairs: values are double-quoted,
 * unquoted (hex when the field is an encoded one), {@code {...}} (enriched SADDR) or, for {@code msg='...'} of
 * user-space records, a nested list that is merged into the record. Words without {@code =} are skipped, except
 * the {@code old}/{@code new} prefixes of the legacy LOGIN format ({@code old auid=} becomes {@code old_auid}).
 * After a 0x1d byte come the enriched, upper-case fields; upper-case keys in the body are treated as enriched
 * too, since some writers put a space where the 0x1d belongs.
 *
 * <p>A parser is not thread-safe; it reuses its buffers from line to line.
 */
public final class RawLineParser {
    private static final byte GS = 0x1d;
    private static final byte[] NODE = "node=".getBytes();
    private static final byte[] TYPE = "type=".getBytes();
    private static final byte[] MSG_AUDIT = "msg=audit(".getBytes();

    // the fields of the line being parsed: values are kept as slices of the line, decoded only when read
    private String[] keys = new String[64];
    /** Per field: its value's start, length and kind, packed by {@link RawRecord#span}. */
    private long[] spans = new long[64];
    private String[] literals = new String[64];
    private int fieldCount;
    /**
     * The line's keys by hash, to find a repeated key: field index per slot, valid when the slot's generation is the
     * line's. Comparing each key with all before it cost more than the rest of the parse on long records.
     */
    private int[] slotField = new int[256];
    private int[] slotGeneration = new int[256];
    private int generation;
    private int lineStart;
    private Map<String, String> enriched;
    private String warning;
    private String type;
    private String pendingPrefix;

    /** Parses {@code len} bytes at {@code off} (without the line end). */
    public LineResult parse(byte[] buf, int off, int len, long lineNumber) {
        int end = off + len;
        while (end > off && (buf[end - 1] == '\r' || buf[end - 1] == ' ')) {
            end--;
        }
        int typeAt = indexOf(buf, off, end, TYPE);
        if (typeAt < 0) {
            return new LineResult.Rejected(off == end ? "empty line" : "no type= field");
        }
        String node = null;
        int nodeAt = indexOf(buf, off, typeAt, NODE);
        if (nodeAt >= 0) {
            int nodeEnd = indexOfByte(buf, nodeAt + NODE.length, typeAt, (byte) ' ');
            if (nodeEnd < 0) {
                nodeEnd = typeAt;
            }
            node = keys(buf, nodeAt + NODE.length, nodeEnd - nodeAt - NODE.length); // few names, one String each
        }
        int p = typeAt + TYPE.length;
        int typeEnd = p;
        while (typeEnd < end && buf[typeEnd] != ' ') {
            typeEnd++;
        }
        if (typeEnd == p) {
            return new LineResult.Rejected("empty record type");
        }
        type = keys(buf, p, typeEnd - p);
        p = typeEnd;
        while (p < end && buf[p] == ' ') {
            p++;
        }
        if (!startsWith(buf, p, end, MSG_AUDIT)) {
            return new LineResult.Rejected("no msg=audit(...) header after type=" + type);
        }
        p += MSG_AUDIT.length;
        // SECONDS.MILLIS:SERIAL)
        long seconds = 0;
        int digits = 0;
        while (p < end && isDigit(buf[p]) && digits < 12) {
            seconds = seconds * 10 + (buf[p++] - '0');
            digits++;
        }
        if (digits == 0 || p >= end || buf[p] != '.') {
            return new LineResult.Rejected("bad timestamp in msg=audit(...)");
        }
        p++;
        long millis = 0;
        int fraction = 0;
        while (p < end && isDigit(buf[p])) {
            if (fraction < 3) {
                millis = millis * 10 + (buf[p] - '0');
            }
            fraction++;
            p++;
        }
        if (fraction == 0 || p >= end || buf[p] != ':') {
            return new LineResult.Rejected("bad timestamp in msg=audit(...)");
        }
        for (int k = fraction; k < 3; k++) {
            millis *= 10;
        }
        p++;
        long serial = 0;
        digits = 0;
        while (p < end && isDigit(buf[p]) && digits < 11) {
            serial = serial * 10 + (buf[p++] - '0');
            digits++;
        }
        if (digits == 0 || p >= end || buf[p] != ')' || serial > 0xffffffffL) {
            return new LineResult.Rejected("bad serial in msg=audit(...)");
        }
        p++;
        if (p < end && buf[p] == ':') {
            p++;
        }
        fieldCount = 0;
        if (++generation == 0) { // wrapped: old generations would look current
            java.util.Arrays.fill(slotGeneration, 0);
            generation = 1;
        }
        lineStart = off;
        enriched = null;
        warning = null;
        pendingPrefix = null;
        if (type.charAt(type.length() - 1) == 'C' && type.endsWith("AVC")) {
            p = parseAvcPrefix(buf, p, end);
        }
        parseFields(buf, p, end, false);
        int n = fieldCount;
        RawRecord record = new RawRecord(node, type, seconds * 1000 + millis, serial,
                java.util.Arrays.copyOfRange(buf, off, end), java.util.Arrays.copyOf(keys, n),
                java.util.Arrays.copyOf(spans, n), java.util.Arrays.copyOf(literals, n),
                enriched == null ? Collections.emptyMap() : Collections.unmodifiableMap(enriched),
                lineNumber);
        return new LineResult.Parsed(record, warning);
    }

    /**
     * SELinux writes {@code avc:  denied  { read write } for pid=...}: the decision and the permissions become
     * {@code seresult=denied seperms=read,write}, as auparse names them.
     */
    private int parseAvcPrefix(byte[] buf, int p, int end) {
        int i = p;
        while (i < end && buf[i] == ' ') {
            i++;
        }
        if (end - i < 5 || buf[i] != 'a' || buf[i + 1] != 'v' || buf[i + 2] != 'c' || buf[i + 3] != ':') {
            return p;
        }
        i += 4;
        while (i < end && buf[i] == ' ') {
            i++;
        }
        int w = i;
        while (i < end && buf[i] != ' ') {
            i++;
        }
        addField("seresult", ByteText.decode(buf, w, i - w));
        while (i < end && buf[i] == ' ') {
            i++;
        }
        if (i < end && buf[i] == '{') {
            int close = indexOfByte(buf, i, end, (byte) '}');
            if (close > 0) {
                String perms = ByteText.decode(buf, i + 1, close - i - 1).trim().replaceAll("\\s+", ",");
                addField("seperms", perms);
                i = close + 1;
            }
        }
        while (i < end && buf[i] == ' ') {
            i++;
        }
        if (end - i >= 3 && buf[i] == 'f' && buf[i + 1] == 'o' && buf[i + 2] == 'r') {
            i += 3;
        }
        return i;
    }

    private void parseFields(byte[] buf, int start, int end, boolean nested) {
        int i = start;
        boolean inEnriched = false;
        while (i < end) {
            byte c = buf[i];
            if (c == ' ' || c == ',' || c == '(' || c == ')' || c == '\t' || c == '"') {
                i++;
                continue;
            }
            if (c == GS) {
                inEnriched = true;
                i++;
                continue;
            }
            int keyStart = i;
            while (i < end && buf[i] != '=' && buf[i] != ' ' && buf[i] != GS) {
                i++;
            }
            if (i >= end || buf[i] != '=') {
                rememberWord(buf, keyStart, i);
                continue;
            }
            String key = keys(buf, keyStart, i - keyStart);
            i++;
            int valueStart;
            int valueEnd;
            boolean quoted = false;
            if (i < end && buf[i] == '"') {
                valueStart = i + 1;
                valueEnd = indexOfByte(buf, valueStart, end, (byte) '"');
                if (valueEnd < 0) {
                    warning = "unterminated quote in " + key + "=";
                    valueEnd = stopAt(buf, valueStart, end);
                    i = valueEnd;
                } else {
                    i = valueEnd + 1;
                }
                quoted = true;
            } else if (i < end && buf[i] == '\'' && !nested) {
                valueStart = i + 1;
                int limit = indexOfByte(buf, valueStart, end, GS);
                if (limit < 0) {
                    limit = end;
                }
                valueEnd = lastIndexOfByte(buf, valueStart, limit, (byte) '\'');
                if (valueEnd < 0) {
                    warning = "unterminated quote in " + key + "='";
                    valueEnd = limit;
                }
                i = Math.min(valueEnd + 1, end);
                if ("msg".equals(key)) {
                    parseFields(buf, valueStart, valueEnd, true);
                    continue;
                }
                quoted = true;
            } else if (i < end && buf[i] == '{') {
                valueStart = i + 1;
                valueEnd = indexOfByte(buf, valueStart, end, (byte) '}');
                if (valueEnd < 0) {
                    valueEnd = end;
                    i = end;
                } else {
                    i = valueEnd + 1;
                }
                quoted = true;
            } else {
                valueStart = i;
                valueEnd = stopAtQuote(buf, i, end);
                i = valueEnd;
                // the legacy "(hostname=?, addr=?, terminal=cron res=success)" form
                while (nested && valueEnd > valueStart && (buf[valueEnd - 1] == ',' || buf[valueEnd - 1] == ')')) {
                    valueEnd--;
                }
            }
            if (inEnriched || isUpperCase(key)) {
                if (enriched == null) {
                    enriched = new LinkedHashMap<>();
                }
                enriched.putIfAbsent(key, decodeValue(key, buf, valueStart, valueEnd - valueStart, quoted));
            } else {
                int len = valueEnd - valueStart;
                boolean hex = !quoted && len > 0 && len % 2 == 0 && isHex(buf, valueStart, len)
                        && EncodedFields.isEncoded(key, type);
                addField(key, valueStart - lineStart, len, hex ? RawRecord.HEX : RawRecord.TEXT, null);
            }
        }
    }

    /**
     * Field names repeat on every line: a small cache hands out one String per name, which saves an allocation and
     * lets the name's hash be computed once.
     */
    private final String[] keyCache = new String[1024];
    private final byte[][] keyBytes = new byte[1024][];

    private String keys(byte[] buf, int off, int len) {
        int h = 1;
        for (int k = off; k < off + len; k++) {
            h = 31 * h + buf[k];
        }
        int slot = (h ^ (h >>> 16)) & (keyCache.length - 1);
        byte[] cached = keyBytes[slot];
        if (cached != null && cached.length == len && sameBytes(cached, buf, off)) {
            return keyCache[slot];
        }
        String key = ByteText.decode(buf, off, len);
        if (len <= 32) {
            keyBytes[slot] = java.util.Arrays.copyOfRange(buf, off, off + len);
            keyCache[slot] = key;
        }
        return key;
    }

    /** Whether {@code buf} holds {@code key} from {@code off} on: a plain loop, as names are a few bytes long. */
    private static boolean sameBytes(byte[] key, byte[] buf, int off) {
        for (int k = 0; k < key.length; k++) {
            if (key[k] != buf[off + k]) {
                return false;
            }
        }
        return true;
    }

    /** Keeps {@code old}/{@code new} so that {@code old auid=1} becomes {@code old_auid}. */
    private void rememberWord(byte[] buf, int start, int end) {
        int n = end - start;
        if (n == 3 && ((buf[start] == 'o' && buf[start + 1] == 'l' && buf[start + 2] == 'd')
                || (buf[start] == 'n' && buf[start + 1] == 'e' && buf[start + 2] == 'w'))) {
            pendingPrefix = buf[start] == 'o' ? "old_" : "new_";
        } else {
            pendingPrefix = null;
        }
    }

    private void addField(String key, String literal) {
        addField(key, 0, 0, RawRecord.LITERAL, literal);
    }

    private void addField(String key, int start, int length, byte kind, String literal) {
        if (pendingPrefix != null) {
            key = pendingPrefix + key;
            pendingPrefix = null;
        }
        int at = fieldOf(key);
        if (at < 0) { // a repeated key takes its last value, as in auparse: msg='...' overrides the outer fields
            if (fieldCount == keys.length) {
                grow();
            }
            at = fieldCount++;
            keys[at] = key;
            index(key, at);
        }
        spans[at] = RawRecord.span(start, length, kind);
        literals[at] = literal;
    }

    /** The field of this line named {@code key}, or -1. */
    private int fieldOf(String key) {
        int mask = slotField.length - 1;
        for (int slot = slotOf(key, mask); slotGeneration[slot] == generation; slot = (slot + 1) & mask) {
            int k = slotField[slot];
            if (keys[k] == key || keys[k].equals(key)) { // names are cached: mostly the same instance
                return k;
            }
        }
        return -1;
    }

    /** Enters field {@code field} in the key index, in the first slot free on this line. */
    private void index(String key, int field) {
        int mask = slotField.length - 1;
        int slot = slotOf(key, mask);
        while (slotGeneration[slot] == generation) {
            slot = (slot + 1) & mask;
        }
        slotField[slot] = field;
        slotGeneration[slot] = generation;
    }

    private static int slotOf(String key, int mask) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    /** Doubles the field arrays, and the key index with them (it stays at most a quarter full). */
    private void grow() {
        int n = keys.length * 2;
        keys = java.util.Arrays.copyOf(keys, n);
        spans = java.util.Arrays.copyOf(spans, n);
        literals = java.util.Arrays.copyOf(literals, n);
        slotField = new int[n * 4];
        slotGeneration = new int[n * 4];
        for (int k = 0; k < fieldCount; k++) {
            index(keys[k], k);
        }
    }

    private String decodeValue(String key, byte[] buf, int off, int len, boolean quoted) {
        if (!quoted && len > 0 && len % 2 == 0 && isHex(buf, off, len) && EncodedFields.isEncoded(key, type)) {
            byte[] bytes = new byte[len / 2];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) ((hexValue(buf[off + 2 * k]) << 4) | hexValue(buf[off + 2 * k + 1]));
            }
            return ByteText.decode(bytes, 0, bytes.length);
        }
        return ByteText.decode(buf, off, len);
    }

    private static int stopAt(byte[] buf, int from, int end) {
        int i = from;
        while (i < end && buf[i] != ' ' && buf[i] != GS) {
            i++;
        }
        return i;
    }

    /** An unquoted value ends at a space, a 0x1d or a stray double quote (as auparse reads it). */
    private static int stopAtQuote(byte[] buf, int from, int end) {
        int i = from;
        while (i < end && buf[i] != ' ' && buf[i] != GS && buf[i] != '"') {
            i++;
        }
        return i;
    }

    private static boolean isUpperCase(String key) {
        boolean letter = false;
        for (int k = 0; k < key.length(); k++) {
            char ch = key.charAt(k);
            if (ch >= 'a' && ch <= 'z') {
                return false;
            }
            letter |= ch >= 'A' && ch <= 'Z';
        }
        return letter;
    }

    private static boolean isHex(byte[] buf, int off, int len) {
        for (int k = off; k < off + len; k++) {
            if (hexValue(buf[k]) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean startsWith(byte[] buf, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** First index of {@code needle} in [from, to) that starts the line or follows a space. */
    private static int indexOf(byte[] buf, int from, int to, byte[] needle) {
        for (int i = from; i + needle.length <= to; i++) {
            if (buf[i] == needle[0] && (i == from || buf[i - 1] == ' ') && startsWith(buf, i, to, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfByte(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfByte(byte[] buf, int from, int to, byte b) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

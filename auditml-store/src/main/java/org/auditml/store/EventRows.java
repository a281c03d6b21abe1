package org.auditml.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.read.AuditEvent;
import org.auditml.read.OriginalText;
import org.auditml.read.accounts.HostAccounts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One event as a row of {@code events} and back: time, host and serial (the identity), the {@link EventColumn}s,
 * and where its original is kept ({@link TextBlocks}: block, start, length), the text the event was read from
 * ({@link AuditEvent#original}: raw record lines joined with '\n', or an Auditbeat JSON line). Reading a row back
 * normalises the original again (the stored host is the default for records without {@code node=}), which gives an
 * equal event: the full ECS event is derived on read. Storing the normalised fields instead (about 1.4 kB of JSON
 * per event) cost more than reading the log.
 *
 * <p>An event without a usable original (built by hand, or raw lines whose host cannot be stored as is) keeps its
 * other fields in {@code extra}, a flat JSON object keyed by dotted name ({@code {"auditd.data.syscall": "execve",
 * …}}), and no text block.
 */
final class EventRows {
    /** The column list of {@code events}, in order. */
    static final String COLUMNS = "ts, host, serial, "
            + EventColumn.ALL.stream().map(c -> c.column).collect(Collectors.joining(", "))
            + ", text_block, text_start, text_length, extra";

    private static final Map<String, EventColumn> BY_FIELD = new HashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    static {
        for (EventColumn c : EventColumn.ALL) {
            BY_FIELD.put(c.field, c);
        }
    }

    private final StringBuilder json = new StringBuilder(2048);
    private final OriginalText originals;

    EventRows() {
        this(HostAccounts.none());
    }

    /** Rows whose raw originals are read back with these hosts' user and group names. */
    EventRows(HostAccounts accounts) {
        this.originals = new OriginalText(accounts);
    }

    /** The DDL of {@code events}: no key or index, as DuckDB's index makes bulk inserts several times slower. */
    static String createTable() {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS events (ts BIGINT NOT NULL, "
                + "host VARCHAR NOT NULL, serial BIGINT NOT NULL");
        for (EventColumn c : EventColumn.ALL) {
            ddl.append(", ").append(c.column).append(' ').append(c.kind.sqlType);
        }
        return ddl.append(", text_block BIGINT, text_start INTEGER, text_length INTEGER, extra VARCHAR)").toString();
    }

    /**
     * The UTF-8 text to keep for {@code e}, or null when its original cannot give the event back: there is none (an
     * event built by hand), or it is raw lines whose records lack {@code node=} and the stored host (their default on
     * read) would not be the event's host.name.
     */
    static byte[] storableOriginal(AuditEvent e) {
        String original = e.original();
        if (original == null || original.isEmpty()) {
            return null;
        }
        if (!OriginalText.isJson(original) && e.get(EventIdentity.HOST) instanceof String h && !EventColumn.isPlain(h)) {
            return null;
        }
        return original.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends {@code e} as one line of tab-separated values, columns in {@link #COLUMNS} order (lists joined by
     * {@link #LIST_SEPARATOR}); column values that cannot be written so (control characters) are left to the
     * original (or the extra JSON). {@code text} is where its original is kept, or null: then the extra JSON holds
     * every field that has no column.
     */
    void writeLine(StringBuilder out, AuditEvent e, long serial, TextBlocks.Ref text) {
        out.append(e.timestampMillis());
        out.append('\t');
        out.append(EventIdentity.host(e));
        out.append('\t');
        out.append(serial);
        for (EventColumn c : EventColumn.ALL) {
            out.append('\t');
            Object v = e.get(c.field);
            if (v == null || !c.fits(v)) {
                continue; // empty: NULL
            }
            if (c.kind == EventColumn.Kind.TEXT_LIST) {
                List<?> list = (List<?>) v;
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(LIST_SEPARATOR);
                    }
                    out.append((String) list.get(i));
                }
            } else {
                out.append(v.toString());
            }
        }
        if (text != null) {
            out.append('\t');
            out.append(text.block());
            out.append('\t');
            out.append(text.start());
            out.append('\t');
            out.append(text.length());
            out.append('\t');
        } else {
            out.append("\t\t\t\t");
            out.append(extra(e, serial));
        }
        out.append('\n');
    }

    /** Joins list values in a line (a control character: such values are never written to a column). */
    static final char LIST_SEPARATOR = 0x1f;

    /**
     * The INSERT of a file of {@link #writeLine} lines into {@code events}; with {@code antiJoin}, lines whose
     * identity is stored already (in the time range given as parameters 2 and 3) are skipped. Parameter 1: the file.
     */
    static String insertFrom(boolean antiJoin) {
        StringBuilder columns = new StringBuilder("{'ts': 'BIGINT', 'host': 'VARCHAR', 'serial': 'BIGINT'");
        StringBuilder select = new StringBuilder("SELECT ts, coalesce(host, '') AS host, serial");
        for (EventColumn c : EventColumn.ALL) {
            columns.append(", '").append(c.column).append("': '")
                    .append(c.kind == EventColumn.Kind.LONG ? "BIGINT" : "VARCHAR").append('\'');
            select.append(", ").append(c.kind == EventColumn.Kind.TEXT_LIST
                    ? "string_split(" + c.column + ", chr(31)) AS " + c.column : c.column);
        }
        columns.append(", 'text_block': 'BIGINT', 'text_start': 'INTEGER', 'text_length': 'INTEGER', 'extra': 'VARCHAR'}");
        select.append(", text_block, text_start, text_length, extra FROM read_csv(?, delim = '\t', quote = '', escape = '', header = false, "
                + "auto_detect = false, max_line_size = 268435456, columns = ").append(columns).append(')');
        return "INSERT INTO events SELECT * FROM (" + select + ") s"
                + (antiJoin ? " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ts BETWEEN ? AND ? "
                + "AND e.ts = s.ts AND e.host = s.host AND e.serial = s.serial)" : "");
    }

    /** The fields that have no column of their own, as flat JSON. */
    String extra(AuditEvent e, long serial) {
        StringBuilder out = json;
        out.setLength(0);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            String name = f.getKey();
            Object v = f.getValue();
            EventColumn c = BY_FIELD.get(name);
            if ((c != null && c.fits(v)) || (EventIdentity.HOST.equals(name) && v instanceof String h && EventColumn.isPlain(h))
                    || (EventIdentity.SEQUENCE.equals(name) && EventIdentity.isSequence(serial))) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, name);
            out.append(':');
            value(out, v);
        }
        return out.append('}').toString();
    }

    private static void value(StringBuilder out, Object v) {
        if (v instanceof Long || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i));
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> object) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> f : object.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, String.valueOf(f.getKey()));
                out.append(':');
                value(out, f.getValue());
            }
            out.append('}');
        } else {
            quote(out, String.valueOf(v));
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        int clean = 0;
        while (clean < s.length() && needsNoEscape(s.charAt(clean))) {
            clean++;
        }
        out.append(s, 0, clean); // most values need no escape: one bulk copy
        for (int i = clean; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (needsNoEscape(ch)) {
                out.append(ch);
            } else if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else {
                out.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xf]);
            }
        }
        out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static boolean needsNoEscape(char ch) {
        return ch >= 0x20 && ch != '"' && ch != '\\';
    }

    /** The event of the current row of a query selecting {@link #COLUMNS}; its original is read from {@code texts}. */
    AuditEvent read(ResultSet rs, TextBlocks.Reader texts) throws SQLException {
        int at = 4 + EventColumn.ALL.size();
        long block = rs.getLong(at);
        if (!rs.wasNull()) {
            String original = texts.text(block, rs.getInt(at + 1), rs.getInt(at + 2));
            try {
                return originals.event(original, rs.getString(2));
            } catch (IllegalArgumentException e) {
                throw new StoreException("a stored event cannot be read: " + e.getMessage(), e);
            }
        }
        AuditEvent.Builder b = AuditEvent.builder(rs.getLong(1));
        b.put(EventIdentity.HOST, rs.getString(2));
        long serial = rs.getLong(3);
        if (EventIdentity.isSequence(serial)) {
            b.put(EventIdentity.SEQUENCE, serial);
        }
        int i = 4;
        for (EventColumn c : EventColumn.ALL) {
            switch (c.kind) {
                case TEXT -> b.put(c.field, rs.getString(i));
                case LONG -> {
                    long v = rs.getLong(i);
                    if (!rs.wasNull()) {
                        b.put(c.field, v);
                    }
                }
                case TEXT_LIST -> {
                    Array array = rs.getArray(i);
                    if (array != null) {
                        b.put(c.field, Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList());
                    }
                }
            }
            i++;
        }
        try {
            JSON.readValue(rs.getString(i + 3), OBJECT).forEach(b::putValue);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored event cannot be read: " + e.getOriginalMessage(), e);
        }
        return b.build();
    }
}

package org.auditml.read.ecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.auditml.read.AuditEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes events one JSON object a line in Auditbeat's nested shape: {@code process.executable} becomes
 * {@code {"process":{"executable":...}}}, with {@code @timestamp} first, as ISO-8601 UTC with milliseconds.
 */
public final class EcsJsonWriter implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final JsonGenerator json;

    public EcsJsonWriter(OutputStream out) {
        try {
            this.json = FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setRootValueSeparator(null);
    }

    /** Writes one event and a newline. */
    public void write(AuditEvent event) throws IOException {
        writeTree(json, event);
        json.writeRaw('\n');
    }

    public void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    /** One event as a JSON string (for tests and the API). */
    public static String toJson(AuditEvent event) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeTree(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The ISO-8601 form of {@code @timestamp}: always three fraction digits, as Auditbeat writes it. */
    public static String formatTimestamp(long millis) {
        String s = TIME.format(Instant.ofEpochMilli(millis));
        // ISO_INSTANT drops a zero fraction and trims zeros; Auditbeat always writes .SSS
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s.substring(0, s.length() - 1) + ".000Z";
        }
        int digits = s.length() - 1 - dot - 1;
        return digits >= 3 ? s : s.substring(0, s.length() - 1) + "0".repeat(3 - digits) + "Z";
    }

    private static void writeTree(JsonGenerator g, AuditEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField(AuditEvent.TIMESTAMP, formatTimestamp(event.timestampMillis()));
        writeObject(g, nest(event.fields()));
        g.writeEndObject();
    }

    /** Field names split at their dots, kept for the names seen most (the set is small: ECS names and data keys). */
    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> PATHS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_PATHS = 10_000;

    private static String[] split(String name) {
        String[] parts = PATHS.get(name);
        if (parts == null) {
            parts = name.split("\\.");
            if (PATHS.size() < MAX_CACHED_PATHS) {
                PATHS.put(name, parts);
            }
        }
        return parts;
    }

    /** Turns dotted names into nested maps, keeping first-seen order. */
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new LinkedHashMap<>(32);
        flat.forEach((name, value) -> place(root, name, value)); // forEach: no entry objects from the event's map
        return root;
    }

    private static void place(Map<String, Object> root, String name, Object value) {
        Map<String, Object> node = root;
        String[] parts = split(name);
        int last = parts.length - 1;
        for (int i = 0; i < last; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map)) {
                if (child != null) {
                    // a leaf already holds this prefix: keep the rest of the name dotted
                    last = i;
                    break;
                }
                child = new LinkedHashMap<String, Object>(16);
                node.put(parts[i], child);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) child;
            node = next;
        }
        node.put(last == parts.length - 1 ? parts[last] : String.join(".", java.util.Arrays.copyOfRange(parts, last, parts.length)),
                value);
    }

    private static void writeObject(JsonGenerator g, Map<String, Object> map) throws IOException {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            writeObject(g, map);
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}

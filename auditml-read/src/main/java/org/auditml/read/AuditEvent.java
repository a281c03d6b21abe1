package org.auditml.read;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One normalised audit event: ECS fields by their dotted names ({@code process.executable}, {@code host.name}),
 * as Auditbeat would write them. Raw logs and Auditbeat JSON, old field names and new, become the same event.
 *
 * <p>Values are {@link String}, {@link Long}, {@link Boolean}, {@code List<String>}, or a list of objects
 * ({@code List<Map<String, String>>}, as {@code auditd.paths}). The event is immutable.
 *
 * <p>An event may be built with some of its fields deferred (see {@link Builder#deferring}): those are worked out
 * the first time one of them, or {@link #fields}, is asked for. It is the same event either way.
 */
public final class AuditEvent {
    public static final String TIMESTAMP = "@timestamp";

    private final long timestampMillis;
    private final Map<String, Object> fields;
    private final String original;
    /** With deferred fields: which names they are, and how the whole event is made; else null. */
    private final Predicate<String> deferred;
    private final Supplier<AuditEvent> whole;
    private volatile AuditEvent completed;

    private AuditEvent(long timestampMillis, Map<String, Object> fields, String original, Predicate<String> deferred,
                       Supplier<AuditEvent> whole) {
        this.timestampMillis = timestampMillis;
        this.fields = fields;
        this.original = original;
        this.deferred = deferred;
        this.whole = whole;
    }

    public static Builder builder(long timestampMillis) {
        return new Builder(timestampMillis);
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** The value of an ECS field, or null. */
    public Object get(String field) {
        Object v = fields.get(field);
        // a deferred field is never among the eager ones: the deferral is asked about only when the name is missing
        return v != null || deferred == null || !deferred.test(field) ? v : completed().fields.get(field);
    }

    /** The value of an ECS field as text (a list gives its first element), or null. */
    public String getString(String field) {
        Object v = get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) {
            return list.isEmpty() ? null : String.valueOf(list.get(0));
        }
        return v.toString();
    }

    /**
     * The text the event was read from, or null: for a raw auditd log its record lines as read, joined with
     * {@code '\n'}; for Auditbeat JSON the JSON line. Normalising it again gives this event (the store keeps it
     * instead of the normalised fields). Not a field, and not part of {@link #equals}.
     */
    public String original() {
        return original;
    }

    /** Every field except {@code @timestamp}, in a stable order. */
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(all());
    }

    private Map<String, Object> all() {
        return deferred != null ? completed().fields : fields;
    }

    /** The event with every field worked out (made once, from whichever thread asks first). */
    private AuditEvent completed() {
        AuditEvent c = completed;
        if (c == null) {
            synchronized (this) {
                c = completed;
                if (c == null) {
                    c = whole.get();
                    completed = c;
                }
            }
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEvent e && timestampMillis == e.timestampMillis && all().equals(e.all());
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampMillis, all());
    }

    @Override
    public String toString() {
        return timestamp() + " " + all();
    }

    /** Collects the fields of one event; nulls and empty values are left out. */
    public static final class Builder {
        private final long timestampMillis;
        // an event has some 40 to 70 fields: FieldMap keeps them in order without an entry object each
        private Map<String, Object> fields = new FieldMap<>(64);
        private String original;
        private Predicate<String> deferred;
        private Supplier<AuditEvent> whole;

        private Builder(long timestampMillis) {
            this.timestampMillis = timestampMillis;
        }

        /** Sets the text the event was read from (see {@link AuditEvent#original}). */
        public Builder original(String text) {
            this.original = text;
            return this;
        }

        public Builder put(String field, String value) {
            if (value != null && !value.isEmpty()) {
                fields.put(field, value);
            }
            return this;
        }

        public Builder put(String field, long value) {
            fields.put(field, value);
            return this;
        }

        public Builder put(String field, boolean value) {
            fields.put(field, value);
            return this;
        }

        public Builder put(String field, List<String> value) {
            if (value != null && !value.isEmpty()) {
                fields.put(field, List.copyOf(value));
            }
            return this;
        }

        /** Puts a list of objects (each a map of text fields, in order); the maps are taken, not copied. */
        public Builder putObjects(String field, List<Map<String, String>> objects) {
            if (objects != null && !objects.isEmpty()) {
                List<Map<String, String>> copy = new java.util.ArrayList<>(objects.size());
                for (Map<String, String> o : objects) {
                    copy.add(Collections.unmodifiableMap(o));
                }
                fields.put(field, Collections.unmodifiableList(copy));
            }
            return this;
        }

        /**
         * Leaves the fields named by {@code deferred} out of this builder: the first time one of them (or every field)
         * is asked for, {@code whole} makes the complete event, whose values are then given. The fields put here
         * must be those {@code whole} gives for the names outside {@code deferred}, and none of its names.
         */
        public Builder deferring(Predicate<String> deferred, Supplier<AuditEvent> whole) {
            this.deferred = Objects.requireNonNull(deferred, "deferred");
            this.whole = Objects.requireNonNull(whole, "whole");
            return this;
        }

        /** Puts a value already of one of the allowed types (for readers of JSON). */
        public Builder putValue(String field, Object value) {
            if (value instanceof String s) {
                return put(field, s);
            } else if (value instanceof Number n) {
                return put(field, n.longValue());
            } else if (value instanceof Boolean b) {
                return put(field, b);
            } else if (value instanceof List<?> list) {
                if (!list.isEmpty() && list.get(0) instanceof Map) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, String>> objects = (List<Map<String, String>>) list;
                    return putObjects(field, objects);
                }
                return put(field, list.stream().map(String::valueOf).toList());
            } else if (value != null) {
                return put(field, value.toString());
            }
            return this;
        }

        /** The event; the builder hands its fields over and cannot be used again. */
        public AuditEvent build() {
            if (fields == null) {
                throw new IllegalStateException("build() was already called");
            }
            AuditEvent event = new AuditEvent(timestampMillis, fields, original, deferred, whole);
            fields = null;
            return event;
        }
    }
}

package org.auditml.engine;

/**
 * What the engine sees of an event: its time and its fields by dotted name. The service adapts the reader's events to
 * it, so the engine knows no audit format.
 */
public interface EventView {

    /** Event time, milliseconds since the epoch. */
    long timestampMillis();

    /** The field's value as text (the first, for a list), or null when the event lacks it. */
    String field(String name);

    /** All of the field's values (a list field has several); empty when the event lacks it. */
    default java.util.List<String> values(String name) {
        String v = field(name);
        return v == null ? java.util.List.of() : java.util.List.of(v);
    }

    /** Whether the field has any value: {@code !values(name).isEmpty()}, which a view may answer without a list. */
    default boolean has(String name) {
        return !values(name).isEmpty();
    }

    /** Whether one of the field's values is {@code value}: {@code values(name).contains(value)}, likewise. */
    default boolean hasValue(String name, String value) {
        return values(name).contains(value);
    }
}

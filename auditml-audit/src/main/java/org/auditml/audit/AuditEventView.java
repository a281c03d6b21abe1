package org.auditml.audit;

import org.auditml.engine.EventView;
import org.auditml.read.AuditEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A read event as the engine sees it: {@code @timestamp}, and fields by their ECS names (lists keep every value). */
public record AuditEventView(AuditEvent event) implements EventView {

    @Override
    public long timestampMillis() {
        return event.timestampMillis();
    }

    @Override
    public String field(String name) {
        if (AuditEvent.TIMESTAMP.equals(name)) {
            return Long.toString(event.timestampMillis());
        }
        if ("process.title".equals(name) && event.get(name) == null && event.get("process.args") instanceof List<?> args) {
            return String.join(" ", args.stream().map(String::valueOf).toList());
        }
        return event.getString(name);
    }

    /** As {@code !values(name).isEmpty()}, without building the list: datafeed queries ask this of every event. */
    @Override
    public boolean has(String name) {
        return !eachValue(name, v -> false);
    }

    /** As {@code values(name).contains(value)}, without building the list. */
    @Override
    public boolean hasValue(String name, String value) {
        return !eachValue(name, v -> !v.equals(value));
    }

    @Override
    public List<String> values(String name) {
        List<String> out = new ArrayList<>(2);
        eachValue(name, out::add);
        return out;
    }

    /**
     * Gives each of the field's values to {@code next} while it returns true (the field's text when the event has no
     * such value, a list's members but objects); false when {@code next} stopped it.
     */
    private boolean eachValue(String name, Predicate<String> next) {
        Object v = event.get(name);
        if (v == null) {
            String f = field(name);
            return f == null || next.test(f);
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map) && !next.test(String.valueOf(o))) {
                    return false;
                }
            }
            return true;
        }
        return next.test(v.toString());
    }
}

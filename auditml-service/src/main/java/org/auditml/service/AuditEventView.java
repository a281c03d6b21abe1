package org.auditml.service;

import org.auditml.engine.EventView;
import org.auditml.read.AuditEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        Object v = event.get(name);
        if (v == null) {
            return field(name) != null;
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** As {@code values(name).contains(value)}, without building the list. */
    @Override
    public boolean hasValue(String name, String value) {
        Object v = event.get(name);
        if (v == null) {
            return value.equals(field(name));
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map) && value.equals(String.valueOf(o))) {
                    return true;
                }
            }
            return false;
        }
        return value.equals(v.toString());
    }

    @Override
    public List<String> values(String name) {
        Object v = event.get(name);
        if (v == null) {
            String f = field(name);
            return f == null ? List.of() : List.of(f);
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof Map)) {
                    out.add(String.valueOf(o));
                }
            }
            return out;
        }
        return List.of(v.toString());
    }
}

package org.auditml.engine;

import java.util.List;
import java.util.Map;

/** An event made of named fields, for tests: each field may hold several values. */
public record TestEvent(long timestampMillis, Map<String, List<String>> fields) implements EventView {
    @Override
    public String field(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public List<String> values(String name) {
        return fields.getOrDefault(name, List.of());
    }
}

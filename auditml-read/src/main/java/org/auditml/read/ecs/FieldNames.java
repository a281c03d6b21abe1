package org.auditml.read.ecs;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Dotted field names made from a prefix and a key ({@code auditd.data.} + {@code syscall}), made once and shared:
 * every event has the same few dozen, and building them per event was a large share of the reader's garbage.
 */
final class FieldNames {
    private static final int MAX = 20_000;
    private static final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> BY_PREFIX = new ConcurrentHashMap<>();

    private FieldNames() {
    }

    static String of(String prefix, String key) {
        ConcurrentHashMap<String, String> names = BY_PREFIX.computeIfAbsent(prefix, p -> new ConcurrentHashMap<>());
        String name = names.get(key);
        if (name == null) {
            name = prefix + key;
            if (names.size() < MAX) { // keys come from the data: bound what is kept
                names.putIfAbsent(key, name);
            }
        }
        return name;
    }
}

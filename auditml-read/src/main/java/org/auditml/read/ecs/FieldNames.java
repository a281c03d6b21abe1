package org.auditml.read.ecs;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Dotted field names made from a prefix and a key ({@code auditd.data.} + {@code syscall}), made once and shared:
 * every event has the same few dozen, and building them per event was a large share of the reader's garbage.
 * The prefixes used for every field of every event have their own instance, which spares a lookup of the prefix.
 */
final class FieldNames {
    private static final int MAX = 20_000;
    private static final ConcurrentHashMap<String, FieldNames> BY_PREFIX = new ConcurrentHashMap<>();

    static final FieldNames AUDITD_DATA = forPrefix("auditd.data.");
    static final FieldNames SOCKET = forPrefix("auditd.data.socket.");
    static final FieldNames FILE = forPrefix("file.");

    private final String prefix;
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

    private FieldNames(String prefix) {
        this.prefix = prefix;
    }

    private static FieldNames forPrefix(String prefix) {
        return BY_PREFIX.computeIfAbsent(prefix, FieldNames::new);
    }

    static String of(String prefix, String key) {
        return forPrefix(prefix).of(key);
    }

    String of(String key) {
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

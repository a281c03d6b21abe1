package org.auditml.read.raw;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Interprets the numbers of a SYSCALL record as go-libaudit does: {@code arch=c000003e} is {@code x86_64},
 * {@code syscall=59} on it is {@code execve}, {@code exit=-13} is {@code EACCES}. Tables are facts from
 * audit-userspace's syscall tables and the Linux headers, kept in {@code syscalls.tsv}, {@code arches.tsv} and
 * {@code errno.tsv}.
 */
public final class SyscallTable {
    private static final Map<String, String> ARCHES = load("arches.tsv", 2);
    /** Syscall names by arch, then number: two lookups spare building an "arch\tnumber" key per event. */
    private static final Map<String, Map<String, String>> SYSCALLS = byArch(load("syscalls.tsv", 3));
    private static final Map<String, String> ERRNOS = load("errno.tsv", 2);

    private SyscallTable() {
    }

    /** The arch name for a hex {@code arch=} value, or null when unknown. */
    public static String arch(String hex) {
        return hex == null ? null : ARCHES.get(hex.toLowerCase(Locale.ROOT));
    }

    /** The syscall name for a number on an arch (by name), or null when unknown. */
    public static String syscall(String archName, String number) {
        if (archName == null || number == null) {
            return null;
        }
        Map<String, String> names = SYSCALLS.get(archName);
        return names == null ? null : names.get(number);
    }

    private static Map<String, Map<String, String>> byArch(Map<String, String> flat) {
        Map<String, Map<String, String>> byArch = new HashMap<>();
        flat.forEach((key, name) -> {
            int tab = key.indexOf('\t');
            byArch.computeIfAbsent(key.substring(0, tab), a -> new HashMap<>()).put(key.substring(tab + 1), name);
        });
        byArch.replaceAll((arch, names) -> Map.copyOf(names));
        return Map.copyOf(byArch);
    }

    /** The errno name for a negative {@code exit=} value, or null. */
    public static String errno(String exit) {
        if (exit == null || !exit.startsWith("-")) {
            return null;
        }
        return ERRNOS.get(exit.substring(1));
    }

    /** Rows {@code key... value}: the first columns joined by a tab are the key, the last is the value. */
    private static Map<String, String> load(String resource, int columns) {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                if (c.length < columns) {
                    continue;
                }
                int last = columns - 1;
                map.put(line.substring(0, line.lastIndexOf('\t')), c[last].trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}

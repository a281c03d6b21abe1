package org.auditml.read.raw;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Audit record type names and numbers, and what they say about event boundaries. Numbers come from the Linux
 * audit message dictionary; ranges from its header: 1100-1299 and 2100-2999 are written by user-space programs
 * as single-record events, the kernel's ranges (1000-1099, 1300-1999) may share a serial with other records.
 */
public final class RecordTypes {
    /** End of a multi-record event; auditd drops it from the disk log, dispatchers still see it. */
    public static final String EOE = "EOE";
    /** The kernel writes PROCTITLE last in a syscall event, so it completes the event. */
    public static final String PROCTITLE = "PROCTITLE";

    private static final Map<String, Integer> NUMBERS = load();

    private RecordTypes() {
    }

    /** The type's number, -1 when unknown; {@code UNKNOWN[1323]} gives 1323. */
    public static int number(String type) {
        Integer n = NUMBERS.get(type);
        if (n != null) {
            return n;
        }
        if (type.startsWith("UNKNOWN[") && type.endsWith("]")) {
            try {
                return Integer.parseInt(type.substring(8, type.length() - 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** True when a record of this type is a whole event by itself. */
    public static boolean isSingleRecord(String type) {
        int n = number(type);
        return (n >= 1100 && n <= 1299) || (n >= 2100 && n <= 2999);
    }

    /** True when a record of this type closes its event. */
    public static boolean endsEvent(String type) {
        return PROCTITLE.equals(type) || EOE.equals(type) || isSingleRecord(type);
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> map = new HashMap<>();
        try (InputStream in = RecordTypes.class.getResourceAsStream("record-types.tsv")) {
            if (in == null) {
                throw new IllegalStateException("record-types.tsv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                map.put(cols[0], Integer.parseInt(cols[1].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}

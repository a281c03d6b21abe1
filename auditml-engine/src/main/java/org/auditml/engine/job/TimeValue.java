package org.auditml.engine.job;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Elastic's time values ({@code 1h}, {@code 15m}, {@code 30s}, {@code 2d}, {@code 500ms}) and byte sizes ({@code 256mb}). */
public final class TimeValue {
    private static final Pattern TIME = Pattern.compile("(\\d+)(d|h|m|s|ms|micros|nanos)");
    private static final Pattern BYTES = Pattern.compile("(\\d+)(b|kb|mb|gb|tb)?");

    private TimeValue() {
    }

    /** Parses a time value; throws {@link IllegalArgumentException} with the accepted forms. */
    public static Duration parseDuration(String text) {
        Matcher m = TIME.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a time value (examples: 15m, 1h, 1d, 30s)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            case "s" -> Duration.ofSeconds(n);
            case "ms" -> Duration.ofMillis(n);
            case "micros" -> Duration.ofNanos(n * 1000);
            default -> Duration.ofNanos(n);
        };
    }

    /** Elastic's short form of a duration: the largest unit that divides it. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Parses a byte size; a bare number means MiB, as Elastic's model_memory_limit. */
    static long parseBytes(String text) {
        Matcher m = BYTES.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size (examples: 256mb, 1gb, 512)");
        }
        String unit = m.group(2) == null ? "mb" : m.group(2);
        int shift = switch (unit) {
            case "b" -> 0;
            case "kb" -> 10;
            case "mb" -> 20;
            case "gb" -> 30;
            default -> 40;
        };
        long limit = MAX_BYTES >> shift;
        if (m.group(1).length() > 19 || Long.parseLong(m.group(1)) > limit) {
            throw new IllegalArgumentException("'" + text + "' is more than auditml can hold: at most " + limit + unit);
        }
        return Long.parseLong(m.group(1)) << shift;
    }

    /** The largest byte size auditml takes (the largest a Java long holds, 8 EiB less a byte). */
    static final long MAX_BYTES = Long.MAX_VALUE;

    static String formatBytes(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "gb";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "mb";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "kb";
        }
        return bytes + "b";
    }
}

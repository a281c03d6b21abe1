package org.auditml.read;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the paths a user names into the files to read: a directory gives its audit logs oldest first, so events
 * come in time order: those rotated with a date ({@code audit.log-20240101}, logrotate's dateext) by date, then those
 * rotated with a number ({@code audit.log.3}, {@code .2}, {@code .1}, of any length), then {@code audit.log}; each may
 * be gzipped. The directory's other files are not read, and are named as such.
 */
final class AuditFiles {
    private static final Pattern NAME = Pattern.compile("audit\\.log(?:\\.(\\d+)|-(\\d+))?(?:\\.gz)?");
    /** Rotated with a date, with a number, or the current log: the order of the three. */
    private static final int DATED = 0;
    private static final int NUMBERED = 1;
    private static final int CURRENT = 2;

    private AuditFiles() {
    }

    private record Log(Path path, int kind, String suffix) {
        /** Older first: dates ascending, numbers descending. */
        static final Comparator<Log> OLDEST_FIRST = Comparator.comparingInt(Log::kind).thenComparing((a, b) -> {
            if (a.kind == DATED) {
                return a.suffix.length() != b.suffix.length() ? Integer.compare(a.suffix.length(), b.suffix.length())
                        : a.suffix.compareTo(b.suffix);
            }
            return a.kind == NUMBERED ? new BigInteger(b.suffix).compareTo(new BigInteger(a.suffix)) : 0;
        }).thenComparing(l -> l.path.getFileName().toString());
    }

    /** The files to read; {@code skipped} is told of each file of a directory left out, and why (may be null). */
    static List<Path> expand(List<Path> paths, Consumer<String> skipped) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                out.addAll(logsIn(p, skipped));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static List<Path> expand(List<Path> paths) {
        return expand(paths, null);
    }

    private static List<Path> logsIn(Path dir, Consumer<String> skipped) {
        List<Log> logs = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.sorted().forEach(f -> {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && !Files.isDirectory(f)) {
                    logs.add(m.group(1) != null ? new Log(f, NUMBERED, m.group(1))
                            : m.group(2) != null ? new Log(f, DATED, m.group(2)) : new Log(f, CURRENT, ""));
                } else {
                    others.add(f);
                }
            });
        } catch (IOException e) {
            if (skipped != null) {
                skipped.accept("cannot list " + dir + ": " + IoReason.of(e));
            }
            return List.of();
        }
        if (skipped != null) {
            others.forEach(f -> skipped.accept("not read: " + f + " (" + (Files.isDirectory(f) ? "a directory"
                    : "not named audit.log, audit.log.N or audit.log-DATE, optionally .gz") + ")"));
        }
        logs.sort(Log.OLDEST_FIRST);
        return logs.stream().map(Log::path).toList();
    }
}

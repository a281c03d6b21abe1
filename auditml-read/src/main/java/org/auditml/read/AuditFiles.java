package org.auditml.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the paths a user names into the files to read: a directory gives its {@code audit.log*} files, oldest
 * rotation first ({@code audit.log.3}, {@code .2}, {@code .1}, then {@code audit.log}), so events come in time order.
 */
final class AuditFiles {
    private static final Pattern ROTATED = Pattern.compile("audit\\.log(?:\\.(\\d+))?(?:\\.gz)?");

    private AuditFiles() {
    }

    static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                out.addAll(rotatedIn(p));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Path> rotatedIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> ROTATED.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(AuditFiles::rotation).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 0 for audit.log, N for audit.log.N. */
    static int rotation(Path file) {
        Matcher m = ROTATED.matcher(file.getFileName().toString());
        return m.matches() && m.group(1) != null ? Integer.parseInt(m.group(1)) : 0;
    }
}

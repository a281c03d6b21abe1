package org.auditml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benches' work directories: generated logs, stores, checkpoints, removed when a bench is done. */
final class WorkDirs {
    private WorkDirs() {
    }

    /** Removes {@code dir} and all it holds; nothing when it is not there. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.auditml.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The third-party corpus of real audit logs with their expected outputs. The permissively licensed parts (go-libaudit's
 * and Beats' test data, Apache-2.0) are copied into the project under {@code testdata/corpus} and always there; the
 * rest is read in place from {@code ../shared/corpus} ({@code AUDITML_CORPUS}), and a test that needs it is skipped
 * where it is absent (see {@link SharedData}).
 */
public final class Corpus {
    static final String VARIABLE = "AUDITML_CORPUS";
    /** The corpus folders copied into the project (their licences allow it; see testdata/corpus/README.md). */
    private static final List<String> BUNDLED = List.of("go-libaudit/", "auditbeat-module-testdata/",
            "filebeat-module-auditd/");

    private Corpus() {
    }

    /** The whole corpus root (for tests that walk all of it): the shared one. */
    public static Path root() {
        return SharedData.locate(VARIABLE, "corpus", "README.md", "the third-party audit corpus");
    }

    /** A folder of the corpus, which must exist: the project's copy when it has one, else the shared corpus's. */
    public static Path dir(String relative) {
        Path p = bundled(relative);
        if (p == null) {
            p = root().resolve(relative);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("corpus folder missing: " + p);
        }
        return p;
    }

    /** A file of the corpus, which must exist: the project's copy when it has one, else the shared corpus's. */
    public static Path file(String relative) {
        Path p = bundled(relative);
        if (p == null) {
            p = root().resolve(relative);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("corpus file missing: " + p);
        }
        return p;
    }

    private static Path bundled(String relative) {
        if (BUNDLED.stream().noneMatch((relative + "/")::startsWith)) {
            return null;
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && dir != null; i++) {
            Path candidate = dir.resolve("testdata/corpus").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}

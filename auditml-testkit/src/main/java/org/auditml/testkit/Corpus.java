package org.auditml.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared corpus of real audit logs ({@code ../shared/corpus} beside the project), read in place. Fails
 * loudly when it is missing: tests that need it must not pass without it.
 */
public final class Corpus {
    private Corpus() {
    }

    /** The corpus root: {@code AUDITML_CORPUS} if set, else {@code ../shared/corpus} from the project root. */
    public static Path root() {
        String env = System.getenv("AUDITML_CORPUS");
        Path root = env != null ? Path.of(env) : findFromWorkingDirectory();
        if (root == null || !Files.isDirectory(root)) {
            throw new IllegalStateException("the shared corpus is missing: expected ../shared/corpus beside the "
                    + "project, or AUDITML_CORPUS; working directory is " + Path.of("").toAbsolutePath());
        }
        return root;
    }

    /** A file of the corpus, which must exist. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("corpus file missing: " + p);
        }
        return p;
    }

    private static Path findFromWorkingDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++) {
            Path candidate = dir.resolveSibling("shared").resolve("corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}

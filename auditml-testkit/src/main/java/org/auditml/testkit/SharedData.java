package org.auditml.testkit;

import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The data beside the project that others wrote ({@code ../shared}: the audit corpus, NAB), read in place. Where it is
 * absent (a fresh clone), a test that needs it is aborted, so JUnit skips it, and one line says what is missing; with
 * {@code AUDITML_REQUIRE_SHARED} set (CI sets it), its absence fails the test instead.
 */
final class SharedData {
    static final String REQUIRE = "AUDITML_REQUIRE_SHARED";
    private static final Set<String> told = new HashSet<>();

    private SharedData() {
    }

    /**
     * The folder {@code variable} names, else {@code ../shared/<folder>} beside the project (or one of its parents);
     * {@code name} says what it is, for the line that says it is missing.
     */
    static Path locate(String variable, String folder, String marker, String name) {
        String env = System.getenv(variable);
        Path root = env != null && !env.isBlank() ? Path.of(env) : besideTheProject(folder);
        if (root != null && Files.exists(root.resolve(marker))) {
            return root;
        }
        String missing = name + " (not at " + (env != null ? env : "../shared/" + folder) + "; set " + variable
                + " to where it is)";
        if (System.getenv(REQUIRE) != null) {
            throw new IllegalStateException("missing: " + missing + "; " + REQUIRE + " is set, so it must be there");
        }
        synchronized (told) {
            if (told.add(folder)) {
                System.err.println("skipped: tests that need " + missing);
            }
        }
        throw new TestAbortedException("needs " + missing);
    }

    private static Path besideTheProject(String folder) {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++) {
            Path candidate = dir.resolveSibling("shared").resolve(folder);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }
}

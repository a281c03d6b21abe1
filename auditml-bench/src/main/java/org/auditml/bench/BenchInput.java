package org.auditml.bench;

import org.auditml.testkit.FleetLogGenerator;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the benches against aureport share: the log to read (generated first when asked) and how many runs. */
final class BenchInput {
    @Parameters(paramLabel = "FILE", description = "A raw audit log.")
    Path file;

    @Option(names = "--generate", paramLabel = "SIZE", description = "Generate FILE of this size first if it is missing (e.g. 200MB).")
    String generate;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each command; the best is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    /** Writes FILE with the seeded fleet generator when asked and it is missing; false (with a message) if absent. */
    boolean prepare(PrintWriter out, PrintWriter err) throws IOException {
        if (generate != null && !Files.exists(file)) {
            out.println("generating " + file + " (" + generate + ") ...");
            FleetLogGenerator.writeFile(file, Sizes.parse(generate), 20, 42);
        }
        if (!Files.isRegularFile(file)) {
            err.println("error: no such file: " + file + " (use --generate 200MB to write one)");
            return false;
        }
        out.printf(Locale.ROOT, "file: %s (%s)%n", file, Sizes.format(Files.size(file)));
        return true;
    }
}

package org.auditml.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code auditml bench analyze FILE}: end-to-end throughput of {@code auditml analyze} with the host module (read,
 * store into a new DuckDB file, analyse), whole process with JVM start, against {@code aureport -x --summary} on the
 * same file in the same run (taking turns), as a ratio; the phases as analyze reports them; and, with the heap capped,
 * what stayed alive and the peak ({@link HeapUse}) on the whole file and on a quarter of it, to show that memory does
 * not grow with the input.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Times 'auditml analyze FILE --module " + AnalyzeBench.MODULE + "' into a new store (whole process)"
                + " and 'aureport -x --summary -if FILE' on the same file.",
                "With --generate SIZE, FILE is first written by the seeded fleet generator if it does not exist."})
final class AnalyzeBench implements Callable<Integer> {
    static final String MODULE = "auditbeat_process_hosts_ecs";
    private static final Pattern EVENTS = Pattern.compile("read (\\d+) events");
    private static final Pattern PHASES = Pattern.compile("in ([0-9.]+) s; jobs run from the store in ([0-9.]+) s");

    @Mixin
    BenchInput input;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Also time analyze writing every result document (--results, JSON).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
            if (!input.prepare(out, spec.commandLine().getErr())) {
            return 2;
        }
        Path file = input.file;
        int runs = input.runs;
        long bytes = Files.size(file);
        Path dir = Files.createTempDirectory("auditml-bench-analyze");
        Path quarter = dir.resolve("quarter.log");
        try {
            Runnable freshStore = () -> removeStore(dir);
            TimedProcess.Compared compared = TimedProcess.againstAureport(out, command(file, dir, false, TimedProcess.JVM),
                    file, runs, freshStore);
            TimedProcess.Run ours = compared.ours();
            long events = count(EVENTS, ours.out(), 1);
            TimedProcess.report(out, "auditml analyze --module (whole process)", ours, bytes, events);
            Matcher phases = PHASES.matcher(ours.out());
            if (phases.find()) {
                out.printf(Locale.ROOT, "  phases: read, stored and analysed live (snapshots and results "
                        + "included) %s s; jobs run from the store %s s; the rest is JVM start and exit%n",
                        phases.group(1), phases.group(2));
            }
            if (json) {
                TimedProcess.Run withResults = TimedProcess.best(command(file, dir, true, TimedProcess.JVM), runs, freshStore);
                TimedProcess.report(out, "auditml analyze --results (JSON documents)", withResults, bytes, events);
            }
            TimedProcess.reportRatio(out, "auditml analyze", compared, bytes,
                    String.format(Locale.ROOT, "; %d events, best of %d", events, runs));
            TimedProcess.reportMemory(out, input -> command(input, dir, false, TimedProcess.CAPPED_JVM), file, quarter,
                    freshStore);
        } finally {
            removeStore(dir);
            Files.deleteIfExists(quarter);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    private static List<String> command(Path input, Path dir, boolean results, List<String> jvm) throws URISyntaxException {
        List<String> args = new ArrayList<>(List.of("analyze", input.toString(), "--module", MODULE, "--db",
                dir.resolve("store/auditml.duckdb").toString(), "--host", "bench", "--peak-heap"));
        if (results) {
            args.addAll(List.of("--results", dir.resolve("results.ndjson").toString()));
        }
        return TimedProcess.auditml(jvm, args);
    }

    private static long count(Pattern p, String text, int group) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(group)) : 0;
    }

    /** Removes the store and results of the previous run, so that each run ingests everything anew. */
    private static void removeStore(Path dir) {
        Path store = dir.resolve("store");
        try {
            Files.deleteIfExists(dir.resolve("results.ndjson"));
            WorkDirs.delete(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

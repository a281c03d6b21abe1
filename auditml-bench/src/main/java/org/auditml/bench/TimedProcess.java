package org.auditml.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole process, timed from start to exit (JVM start included): what the bench commands compare with aureport.
 * Peak heap and event counts are read from what our commands print for the bench.
 */
final class TimedProcess {
    /** This JVM's options: bin/auditml's (collector, heap, class-data archive) when it started the bench. */
    static final List<String> JVM = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(o -> !o.startsWith("-XX:StartFlightRecording") && !o.startsWith("-agentlib")).toList();
    /** A heap too small for a command whose memory grew with its input: the memory runs use it. */
    static final List<String> CAPPED_JVM = List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmn128m", "-Xmx256m");

    private static final Pattern EVENTS = Pattern.compile(" (\\d+) events, ");

    /**
     * Wall time, the old generation's peak and the most of it alive after a full collection (see {@link HeapUse}),
     * events counted, and what went to stdout.
     */
    record Run(double seconds, long peakHeap, long liveHeap, long events, String out) {
    }

    private TimedProcess() {
    }

    /** {@code java JVM -jar auditml.jar ARGS}, with this process's java and jar. */
    static List<String> auditml(List<String> jvm, List<String> args) throws URISyntaxException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = new File(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(jar);
        cmd.addAll(args);
        return cmd;
    }

    /** The fastest of {@code runs} runs; {@code beforeEach} runs untimed before each (e.g. removing a store). */
    static Run best(List<String> cmd, int runs, Runnable beforeEach) throws IOException, InterruptedException {
        Run best = null;
        for (int i = 0; i < Math.max(1, runs); i++) {
            beforeEach.run();
            best = faster(best, once(cmd));
        }
        return best;
    }

    static Run once(List<String> cmd) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("auditml-bench", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile());
            long start = System.nanoTime();
            Process p = pb.start();
            byte[] err;
            try (InputStream in = p.getErrorStream()) {
                err = in.readAllBytes();
            }
            int code = p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            String errText = new String(err, StandardCharsets.UTF_8);
            if (code != 0) {
                throw new IOException("'" + String.join(" ", cmd) + "' exited " + code + ": " + errText);
            }
            long events = 0;
            Matcher m = EVENTS.matcher(errText);
            while (m.find()) {
                events += Long.parseLong(m.group(1));
            }
            Map<String, Long> heap = HeapUse.figures(errText);
            return new Run(seconds, heap.getOrDefault(HeapUse.PEAK_OLD, 0L), heap.getOrDefault(HeapUse.LIVE_OLD, 0L),
                    events, Files.readString(stdout));
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    static void report(PrintWriter out, String what, Run r, long bytes, long events) {
        out.printf(Locale.ROOT, "%-44s %7.2f s  %8.1f MB/s%s%n", what, r.seconds(), bytes / 1048576.0 / r.seconds(),
                events > 0 ? String.format(Locale.ROOT, "  %10.0f events/s", events / r.seconds()) : "");
    }

    /** Our command's fastest run and aureport's on the same file; aureport's is null when it is not installed. */
    record Compared(Run ours, Run aureport) {
    }

    /**
     * Our command and {@code aureport -x --summary} on the same file, taking turns run by run, so that a machine
     * that slows down for a while (a shared VM) slows both alike; the fastest run of each. {@code beforeOurs} runs
     * untimed before each of ours (e.g. removing a store). Without aureport a note says there is no baseline.
     */
    static Compared againstAureport(PrintWriter out, List<String> ours, Path file, int runs, Runnable beforeOurs)
            throws IOException, InterruptedException {
        boolean baseline = aureportAvailable();
        if (!baseline) {
            out.println("aureport: not installed (Debian package 'auditd': apt-get install -y auditd); "
                    + "no baseline and no ratio this run");
        }
        List<String> aureport = List.of("aureport", "-x", "--summary", "-if", file.toString());
        Run bestOurs = null;
        Run bestAureport = null;
        for (int i = 0; i < Math.max(1, runs); i++) {
            beforeOurs.run();
            bestOurs = faster(bestOurs, once(ours));
            if (baseline) {
                bestAureport = faster(bestAureport, once(aureport));
            }
        }
        return new Compared(bestOurs, bestAureport);
    }

    /** A command run on a given input file. */
    interface CommandOn {
        List<String> on(Path input) throws URISyntaxException;
    }

    /**
     * Runs {@code command} once with the heap capped on the whole file and once on its first quarter ({@code
     * quarter}, written here), and prints what stayed alive in both, and the peaks: memory that grew with the input
     * would show. {@code beforeEach} runs untimed before each run.
     */
    static void reportMemory(PrintWriter out, CommandOn command, Path file, Path quarter, Runnable beforeEach)
            throws IOException, InterruptedException, URISyntaxException {
        long bytes = Files.size(file);
        copyPrefix(file, quarter, bytes / 4);
        beforeEach.run();
        Run whole = once(command.on(file));
        beforeEach.run();
        Run firstQuarter = once(command.on(quarter));
        out.printf(Locale.ROOT, "memory: with the heap capped at 256 MB, at most %s of the old generation "
                        + "stayed alive after full collections on the whole file and %s on its first quarter (%s); its "
                        + "peak, garbage not yet collected included, was %s and %s%n", Sizes.format(whole.liveHeap()),
                Sizes.format(firstQuarter.liveHeap()), Sizes.format(bytes / 4), Sizes.format(whole.peakHeap()),
                Sizes.format(firstQuarter.peakHeap()));
    }

    /** Prints the baseline's line and the ratio of throughputs; {@code detail} ends the ratio's parenthesis. */
    static void reportRatio(PrintWriter out, String ours, Compared compared, long bytes, String detail) {
        Run aureport = compared.aureport();
        if (aureport != null) {
            report(out, "aureport -x --summary -if FILE", aureport, bytes, 0);
            out.printf(Locale.ROOT, "ratio: %s is %.2fx aureport's throughput (whole processes, same file, "
                    + "taking turns%s)%n", ours, aureport.seconds() / compared.ours().seconds(), detail);
        }
    }

    private static Run faster(Run best, Run r) {
        return best == null || r.seconds < best.seconds ? r : best;
    }

    private static boolean aureportAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "aureport"))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin/aureport"));
    }

    /** Copies whole lines up to about {@code limit} bytes. */
    static void copyPrefix(Path from, Path to, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(from); var out = Files.newOutputStream(to)) {
            byte[] buf = new byte[1 << 16];
            long copied = 0;
            int n;
            while (copied < limit && (n = in.read(buf)) > 0) {
                int upto = n;
                if (copied + n >= limit) {
                    int nl = -1;
                    for (int i = (int) Math.max(0, limit - copied); i < n; i++) {
                        if (buf[i] == '\n') {
                            nl = i;
                            break;
                        }
                    }
                    upto = nl >= 0 ? nl + 1 : n;
                }
                out.write(buf, 0, upto);
                copied += upto;
                if (upto < n) {
                    break;
                }
            }
        }
    }
}

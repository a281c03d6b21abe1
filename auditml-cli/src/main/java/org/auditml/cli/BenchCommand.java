package org.auditml.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code auditml bench parse FILE}: throughput of the whole {@code auditml parse} process (JVM start included) against
 * {@code aureport -x --summary} on the same file in the same run, as a ratio; and peak heap on the whole file and on a
 * quarter of it, to show that memory does not grow with the input.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.",
        subcommands = {BenchCommand.Parse.class, EngineBench.class, NabBench.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = {"Times 'auditml parse FILE' (whole process) and 'aureport -x --summary -if FILE' on the same file.",
                    "With --generate SIZE, FILE is first written by the seeded fleet generator if it does not exist."})
    static final class Parse implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "A raw audit log.")
        Path file;

        @Option(names = "--generate", paramLabel = "SIZE", description = "Generate FILE of this size first if it is missing (e.g. 200MB).")
        String generate;

        @Option(names = "--runs", defaultValue = "3", description = "Runs of each command; the best is reported (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--json", description = "Also time the full JSON output (parse -o /dev/null); the default times --summary only.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (generate != null && !Files.exists(file)) {
                System.out.println("generating " + file + " (" + generate + ") ...");
                GenerateCommand.generate(file, Sizes.parse(generate), 20, 42);
            }
            if (!Files.isRegularFile(file)) {
                System.err.println("error: no such file: " + file + " (use --generate 200MB to write one)");
                return 2;
            }
            long bytes = Files.size(file);
            System.out.printf(Locale.ROOT, "file: %s (%s)%n", file, Sizes.format(bytes));

            Path quarter = Files.createTempFile("auditml-bench-quarter", ".log");
            try {
                copyPrefix(file, quarter, bytes / 4);
                Run ours = best(ourCommand(file, false, JVM));
                report("auditml parse --summary (whole process)", ours, bytes);
                if (json) {
                    report("auditml parse -o /dev/null (JSON)", best(ourCommand(file, true, JVM)), bytes);
                }
                Run aureport = aureportAvailable() ? best(List.of("aureport", "-x", "--summary", "-if", file.toString())) : null;
                if (aureport != null) {
                    report("aureport -x --summary -if FILE", aureport, bytes);
                    System.out.printf(Locale.ROOT, "ratio: auditml is %.2fx aureport's throughput (whole processes, same file, same run)%n",
                            aureport.seconds / ours.seconds);
                } else {
                    System.out.println("aureport: not installed (Debian package 'auditd'); no baseline this run");
                }
                Run cappedWhole = runOnce(ourCommand(file, false, CAPPED_JVM));
                Run cappedQuarter = runOnce(ourCommand(quarter, false, CAPPED_JVM));
                System.out.printf(Locale.ROOT, "memory: with the heap capped at 256 MB, peak old-generation use is %s on the "
                                + "whole file and %s on its first quarter (%s)%n",
                        Sizes.format(cappedWhole.peakHeap), Sizes.format(cappedQuarter.peakHeap), Sizes.format(bytes / 4));
            } finally {
                Files.deleteIfExists(quarter);
            }
            return 0;
        }

        /** The JVM options of bin/auditml. */
        private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xms512m", "-Xmn256m");
        /** A heap too small for a reader whose memory grew with its input: the memory runs use it. */
        private static final List<String> CAPPED_JVM = List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmn128m", "-Xmx256m");

        private List<String> ourCommand(Path input, boolean fullJson, List<String> jvm) throws URISyntaxException {
            String java = ProcessHandle.current().info().command().orElse("java");
            String jar = new File(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", jar, "parse", input.toString(), "--peak-heap", "--host", "bench"));
            cmd.addAll(fullJson ? List.of("-o", "/dev/null") : List.of("--summary"));
            return cmd;
        }

        /** Wall time, and the peak of the old generation: what stays alive, unlike the fixed young generation. */
        private record Run(double seconds, long peakHeap, long events) {
        }

        private Run best(List<String> cmd) throws IOException, InterruptedException {
            Run best = null;
            for (int i = 0; i < Math.max(1, runs); i++) {
                Run r = runOnce(cmd);
                if (best == null || r.seconds < best.seconds) {
                    best = r;
                }
            }
            return best;
        }

        private static Run runOnce(List<String> cmd) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            long start = System.nanoTime();
            Process p = pb.start();
            byte[] err;
            try (InputStream in = p.getErrorStream()) {
                err = in.readAllBytes();
            }
            int code = p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (code != 0) {
                throw new IOException("'" + String.join(" ", cmd) + "' exited " + code + ": "
                        + new String(err, StandardCharsets.UTF_8));
            }
            long peak = 0;
            long events = 0;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" (\\d+) events, ")
                    .matcher(new String(err, StandardCharsets.UTF_8));
            while (m.find()) {
                events += Long.parseLong(m.group(1));
            }
            for (String line : new String(err, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("peak-old-gen-bytes ")) {
                    peak = Long.parseLong(line.substring(19).trim());
                }
            }
            return new Run(seconds, peak, events);
        }

        private static void report(String what, Run r, long bytes) {
            System.out.printf(Locale.ROOT, "%-40s %7.2f s  %8.1f MB/s%s%n", what, r.seconds, bytes / 1048576.0 / r.seconds,
                    r.events > 0 ? String.format(Locale.ROOT, "  %10.0f events/s", r.events / r.seconds) : "");
        }

        private static boolean aureportAvailable() {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
                if (Files.isExecutable(Path.of(dir, "aureport"))) {
                    return true;
                }
            }
            return Files.isExecutable(Path.of("/usr/sbin/aureport"));
        }

        /** Copies whole lines up to about {@code limit} bytes. */
        private static void copyPrefix(Path from, Path to, long limit) throws IOException {
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
}

package org.auditml.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditml bench}: figures. {@code bench parse FILE}: throughput of the whole {@code auditml parse} process (JVM
 * start included) against {@code aureport -x --summary} on the same file in the same run (taking turns), as a ratio;
 * and what stayed alive of the heap ({@link HeapUse}) on the whole file and on a quarter of it, to show that memory
 * does not grow with the input. {@code bench analyze}: the
 * same for {@code auditml analyze} ({@link AnalyzeBench}). {@code bench beats}: the Beats server under concurrent
 * clients ({@link BeatsBench}). {@code bench flink}: the Flink job against
 * {@code analyze}, and its checkpoints as hosts grow ({@link FlinkBench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.",
        subcommands = {BenchCommand.Parse.class, AnalyzeBench.class, EngineBench.class, NabBench.class,
                CalibrationBench.class, UiBench.class, BeatsBench.class, FlinkBench.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = {"Times 'auditml parse FILE' (whole process) and 'aureport -x --summary -if FILE' on the same file.",
                    "With --generate SIZE, FILE is first written by the seeded fleet generator if it does not exist."})
    static final class Parse implements Callable<Integer> {
        @Mixin
        BenchInput input;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Also time the full JSON output (parse -o /dev/null); the default times --summary only.")
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
            Path quarter = Files.createTempFile("auditml-bench-quarter", ".log");
            try {
                TimedProcess.Compared compared = TimedProcess.againstAureport(out, command(file, false, TimedProcess.JVM),
                        file, runs, () -> { });
                TimedProcess.Run ours = compared.ours();
                TimedProcess.report(out, "auditml parse --summary (whole process)", ours, bytes, ours.events());
                if (json) {
                    TimedProcess.Run full = TimedProcess.best(command(file, true, TimedProcess.JVM), runs, () -> { });
                    TimedProcess.report(out, "auditml parse -o /dev/null (JSON)", full, bytes, full.events());
                }
                TimedProcess.reportRatio(out, "auditml", compared, bytes, "");
                TimedProcess.reportMemory(out, input -> command(input, false, TimedProcess.CAPPED_JVM), file, quarter, () -> { });
            } finally {
                Files.deleteIfExists(quarter);
            }
            return 0;
        }

        private static List<String> command(Path input, boolean fullJson, List<String> jvm) throws URISyntaxException {
            List<String> args = new ArrayList<>(List.of("parse", input.toString(), "--peak-heap", "--host", "bench"));
            args.addAll(fullJson ? List.of("-o", "/dev/null") : List.of("--summary"));
            return TimedProcess.auditml(jvm, args);
        }
    }
}

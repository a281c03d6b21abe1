package org.auditml.bench;

import org.auditml.flink.FlinkLocalRun;
import org.auditml.flink.JobSet;
import org.auditml.flink.LargestCheckpoint;
import org.auditml.flink.raw.RawReading;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.read.ecs.EcsJsonWriter;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.FleetLogGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code auditml bench flink}: the Flink job on a MiniCluster in this process. Events/s of a module over a generated
 * fleet, as Auditbeat JSON and as its raw log, at parallelism 1 and 2, against {@code analyze} of the same file in the
 * same run (best of the runs, after a round that warms the JIT); then how the checkpoint grows with the hosts: the largest completed
 * checkpoint on disk while the job runs, for fleets of a fixed history per host.
 */
@Command(name = "flink", mixinStandardHelpOptions = true,
        description = {"The Flink job (MiniCluster, parallelism 1 and 2) against analyze on the same Auditbeat events,",
                "and its checkpoint size as the hosts grow."})
final class FlinkBench implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", defaultValue = "100MB", description = "Raw log generated for the throughput runs (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--hosts", defaultValue = "50", description = "Hosts of the throughput runs (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--runs", defaultValue = "2", description = "Timed runs of each; the best is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--module", defaultValue = "auditbeat_process_hosts_ecs", description = "Module whose jobs run (default: ${DEFAULT-VALUE}).")
    String module;

    @Option(names = "--state-hosts", split = ",", defaultValue = "10,100,1000", description = "Fleets of the checkpoint runs (default: ${DEFAULT-VALUE}).")
    int[] stateHosts;

    @Option(names = "--bytes-per-host", defaultValue = "100KB", description = "Raw log per host of the checkpoint runs (default: ${DEFAULT-VALUE}).")
    String bytesPerHost;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobSet jobs = new JobSet(module, "");
        Path dir = Files.createTempDirectory("auditml-bench-flink");
        try {
            throughput(out, jobs, dir);
            checkpoints(out, jobs, dir);
        } finally {
            WorkDirs.delete(dir);
        }
        return 0;
    }

    private void throughput(PrintWriter out, JobSet jobs, Path dir) throws Exception {
        Fleet fleet = Fleet.write(dir.resolve("throughput"), Sizes.parse(size), hosts);
        out.printf(Locale.ROOT, "%,d events from %d hosts: %s of raw log, %s as Auditbeat JSON; module %s%n",
                fleet.events(), hosts, Sizes.format(Files.size(fleet.raw())), Sizes.format(Files.size(fleet.json())),
                module);
        for (Path input : List.of(fleet.json(), fleet.raw())) {
            double[] best = new double[3];
            for (int round = 0; round <= runs; round++) { // round 0 warms the JIT and is not counted
                Path store = dir.resolve("store-" + round + ".duckdb");
                long t = System.nanoTime();
                try (AuditmlService service = AuditmlService.open(store)) {
                    service.analyze(new AnalysisRequest(List.of(input), List.of(module), List.of(), "", null, null,
                            "bench"), IngestListener.NONE);
                }
                keep(best, 0, round, fleet.events(), t);
                Files.deleteIfExists(store);
                for (int p = 1; p <= 2; p++) {
                    t = System.nanoTime();
                    new FlinkLocalRun(List.of(input), jobs, p, null, RawReading.withHost("bench")).run(document -> { });
                    keep(best, p, round, fleet.events(), t);
                }
            }
            String what = input.equals(fleet.raw()) ? "raw log" : "Auditbeat JSON";
            out.printf(Locale.ROOT, "%-48s %,10.0f events/s%n", what + ": analyze (read, store, score)", best[0]);
            for (int p = 1; p <= 2; p++) {
                out.printf(Locale.ROOT, "%-48s %,10.0f events/s  %.2f × analyze%n", what + ": Flink, parallelism " + p,
                        best[p], best[p] / best[0]);
            }
        }
    }

    private static void keep(double[] best, int i, int round, long events, long startNanos) {
        double rate = events / ((System.nanoTime() - startNanos) / 1e9);
        if (round > 0) {
            best[i] = Math.max(best[i], rate);
        }
    }

    private void checkpoints(PrintWriter out, JobSet jobs, Path dir) throws Exception {
        out.printf(Locale.ROOT, "%nlargest checkpoint while running (parallelism 2, every 200 ms, %s of raw log a host):%n",
                bytesPerHost);
        out.printf(Locale.ROOT, "%8s %12s %14s %14s%n", "hosts", "events", "checkpoint", "a host");
        for (int n : stateHosts) {
            Fleet fleet = Fleet.write(dir.resolve("state-" + n), Sizes.parse(bytesPerHost) * n, n);
            long largest = LargestCheckpoint.of(List.of(fleet.json()), jobs, 2, 200,
                    dir.resolve("checkpoints-" + n));
            if (largest == 0) { // the job ended before its first checkpoint completed
                out.printf(Locale.ROOT, "%8d %,12d %14s%n", n, fleet.events(), "none completed");
            } else {
                out.printf(Locale.ROOT, "%8d %,12d %14s %14s%n", n, fleet.events(), Sizes.format(largest),
                        Sizes.format(largest / n));
            }
            out.flush();
        }
    }

    /** A generated raw fleet log, and its events read by auditml-read written as Auditbeat JSON lines. */
    private record Fleet(Path raw, Path json, long events) {
        static Fleet write(Path dir, long bytes, int hosts) throws IOException {
            Files.createDirectories(dir);
            Path raw = dir.resolve("audit.log");
            FleetLogGenerator.writeFile(raw, bytes, hosts, 42);
            Path json = dir.resolve("fleet.ndjson");
            long[] events = {0};
            try (OutputStream o = Files.newOutputStream(json); EcsJsonWriter w = new EcsJsonWriter(o)) {
                new AuditReader(ReaderOptions.defaults("bench")).read(List.of(raw), e -> {
                    try {
                        w.write(e);
                        events[0]++;
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                });
            }
            return new Fleet(raw, json, events[0]);
        }
    }
}

package org.auditml.flink;

import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.FleetLogGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: events/s of the host process module over a generated fleet's raw log ({@code node=} lines), through
 * {@code analyze} and through the Flink job's raw stage on a MiniCluster at parallelism 1 and 2, beside the same
 * events as Auditbeat JSON through the job (what the raw stage costs). Arguments: a work directory, the raw log's size
 * in bytes, the hosts.
 */
public final class RawFlinkThroughput {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Path raw = dir.resolve("audit.log");
        FleetLogGenerator.writeFile(raw, Long.parseLong(args[1]), Integer.parseInt(args[2]), 42);
        AuditbeatFleet.Written fleet = AuditbeatFleet.convert(List.of(raw), dir.resolve("fleet.ndjson"));
        System.out.printf("%d events, %d hosts, %d MB of raw log%n", fleet.events(), Integer.parseInt(args[2]),
                Files.size(raw) >> 20);
        for (int round = 0; round < 2; round++) { // the first round warms the JIT
            Files.deleteIfExists(dir.resolve("store.duckdb"));
            long t0 = System.nanoTime();
            try (AuditmlService service = AuditmlService.open(dir.resolve("store.duckdb"))) {
                service.analyze(new AnalysisRequest(List.of(raw), List.of(AnalyzedFleet.MODULE), List.of(),
                        "", null, null, "demo-host"), IngestListener.NONE);
            }
            report(round, "analyze (raw)", fleet.events(), t0);
            for (int p : new int[]{1, 2}) {
                long t = System.nanoTime();
                int docs = RawParityTest.onFlink(p, env -> AuditmlFlinkJob.fileLines(env, List.of(raw))).values()
                        .stream().mapToInt(List::size).sum();
                report(round, "flink raw p=" + p + " (" + docs + " documents)", fleet.events(), t);
            }
            long t = System.nanoTime();
            long docs = new FlinkLocalRun(List.of(fleet.file()), new JobSet(AnalyzedFleet.MODULE, ""), 1, null)
                    .run(dir.resolve("results-json.ndjson"));
            report(round, "flink Auditbeat JSON p=1 (" + docs + " documents)", fleet.events(), t);
        }
        System.exit(0);
    }

    private static void report(int round, String what, long events, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("round %d %-45s %6.1f s %8.0f events/s%n", round, what, s, events / s);
    }
}

package org.auditml.cli;

import org.auditml.server.ServerOptions;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.testkit.DemoFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditml demo}: with no data of one's own, writes a fortnight of a small fleet's audit trail (raw audit.log for
 * five hosts, Auditbeat JSON for a Docker host's containers) in which a never-seen /tmp/.cache/xxprimef runs on one web
 * server at night and an ssh/scp storm hits the bastion, then analyses it with the built-in process modules.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates a realistic fleet with two incidents and analyses it with the modules.")
final class DemoCommand implements Callable<Integer> {
    /** The two stories are the process modules' (security_linux_v3 runs on real data where it matches). */
    private static final List<String> MODULES = List.of("auditbeat_process_hosts_ecs", "auditbeat_process_docker_ecs");

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Where to write the demo's logs and results (default: a temporary directory).")
    Path dir;

    @Option(names = "--seed", defaultValue = "2026", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-serve", description = "End after the analysis instead of serving the demo store's web UI.")
    boolean noServe;

    @Option(names = "--port", defaultValue = "8080",
            description = "The port to serve the web UI on (default: ${DEFAULT-VALUE}; a free one if it is taken).")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path where = dir != null ? dir : Files.createTempDirectory("auditml-demo");
        out.println("auditml demo: a fortnight of audit data from web-01, web-02, db-01, bastion-01, build-01");
        out.println("and the containers of docker-01, written to " + where);
        DemoFleet.Written written = DemoFleet.write(where, seed);
        Path db = where.resolve("auditml.duckdb");
        Files.deleteIfExists(db); // a demo starts from nothing
        AnalysisRequest request = new AnalysisRequest(List.of(written.rawLog(), written.containerLog()), MODULES,
                List.of(), "", null, null, "demo-host");
        int code;
        Path results = where.resolve("results.ndjson");
        try (OutputFile resultsFile = OutputFile.open(results);
             AuditmlService service = AuditmlService.open(db);
             ProgressBar progress = ProgressBar.onTerminal()) {
            code = new AnalysisPrinter(out, spec.commandLine().getErr())
                    .print(service.analyze(request, progress), 12, 3, results, resultsFile);
        }
        out.println();
        out.println("Next: bin/auditml analyze /var/log/audit/ --results results.ndjson");
        if (!noServe) {
            out.println();
            try (AuditmlService service = AuditmlService.open(db)) {
                Serving.untilStopped(service, new ServerOptions(ServerOptions.LOCALHOST, freeOr(port), null, null, null),
                        out, "the demo's anomalies, jobs and processes: open the web UI");
            }
        }
        return code;
    }

    /** The port if nothing listens on it, else 0 (any free one). */
    private static int freeOr(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return port;
        } catch (java.io.IOException taken) {
            return 0;
        }
    }
}

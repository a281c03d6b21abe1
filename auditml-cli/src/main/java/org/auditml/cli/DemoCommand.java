package org.auditml.cli;

import org.auditml.testkit.DemoFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditml demo}: with no data of one's own, writes a fortnight of a small fleet's audit trail (raw audit.log for
 * five hosts, Auditbeat JSON for a Docker host's containers) in which a never-seen /tmp/.cache/xxprimef runs on one web
 * server at night and an ssh/scp storm hits the bastion, then analyses it with the built-in modules.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates a realistic fleet with two incidents and analyses it with the modules.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "Where to write the demo's logs and results (default: a temporary directory).")
    Path dir;

    @Option(names = "--seed", defaultValue = "2026", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path where = dir != null ? dir : Files.createTempDirectory("auditml-demo");
        System.out.println("auditml demo: a fortnight of audit data from web-01, web-02, db-01, bastion-01, build-01");
        System.out.println("and the containers of docker-01, written to " + where);
        DemoFleet.Written written = DemoFleet.write(where, seed);
        AnalyzeCommand analyze = new AnalyzeCommand();
        analyze.files = List.of(written.rawLog(), written.containerLog());
        analyze.host = "demo-host";
        analyze.results = where.resolve("results.ndjson");
        analyze.prefix = "";
        // the two stories are the process modules' (security_linux runs on real data where it matches)
        analyze.modules = new java.util.ArrayList<>(List.of("auditbeat_process_hosts_ecs", "auditbeat_process_docker_ecs"));
        analyze.db = where.resolve("auditml.duckdb");
        java.nio.file.Files.deleteIfExists(analyze.db); // a demo starts from nothing
        analyze.top = 12;
        analyze.minScore = 3;
        int code = analyze.call();
        System.out.println();
        System.out.println("Next: bin/auditml analyze /var/log/audit/ --results results.ndjson");
        return code;
    }
}

package org.auditml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** analyze as a user runs it, on real logs written by others. */
class AnalyzeCommandTest {

    private static String run(String... args) {
        Cli cli = Cli.run(args);
        assertThat(cli.exitCode()).as("exit code of %s; errors: %s", args[0], cli.err()).isZero();
        return cli.out();
    }

    @Test
    void analyze_corpusLogs_runsTheMatchingModulesAndWritesElasticShapedResults(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.ndjson");
        String out = run("analyze", Corpus.file("qiangwang-syscall/audit.log").toString(),
                Corpus.file("spade-detector2.0/audit.log").toString(), "--db", dir.resolve("db.duckdb").toString(),
                "--results", results.toString(), "--host", "corpus-host");

        assertThat(out).contains("running: auditbeat_process_hosts_ecs").contains("time (UTC)");
        List<String> lines = Files.readAllLines(results);
        assertThat(lines).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines.subList(0, Math.min(200, lines.size()))) {
            JsonNode doc = json.readTree(line);
            assertThat(doc.path("job_id").asText()).isNotEmpty();
            assertThat(doc.path("result_type").asText()).isIn("bucket", "bucket_influencer", "record", "influencer");
        }
    }

    @Test
    void analyzeTwice_storesTheEventsOnce(@TempDir Path dir) {
        String log = Corpus.file("audit-userspace/test3.log").toString();
        String db = dir.resolve("db.duckdb").toString();
        run("analyze", log, "--db", db, "--host", "h");
        String second = run("analyze", log, "--db", db, "--host", "h");

        assertThat(second).containsPattern("read \\d+ events from 1 file\\(s\\); 0 new in");
    }

    @Test
    void modules_recogniseWhatAStoresEventsMatch(@TempDir Path dir) {
        String db = dir.resolve("db.duckdb").toString();
        run("analyze", Corpus.file("qiangwang-syscall/audit.log").toString(), "--db", db, "--host", "h",
                "--module", "auditbeat_process_hosts_ecs");

        String out = run("modules", "--db", db);
        try (org.auditml.service.AuditmlService service = org.auditml.service.AuditmlService.open(Path.of(db))) {
            assertThat(service.datafeed("hosts_rare_process_activity_ecs")).hasValueSatisfying(feed -> assertThat(feed)
                    .contains("\"datafeed_id\":\"datafeed-hosts_rare_process_activity_ecs\"").contains("\"query\":{\"bool\""));
        }

        // host process events, no container: the hosts module and the Linux security jobs, not the Docker one
        assertThat(out).contains("auditbeat_process_hosts_ecs").contains("security_linux")
                .doesNotContain("auditbeat_process_docker_ecs");
    }

    @Test
    void analyze_aLogPerHost_runsTheJobsAsRead_withTheResultsOfTheFleetsOneLog(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet.log");
        try (var out = Files.newOutputStream(fleet)) {
            new org.auditml.testkit.FleetLogGenerator(11, 4, 1_700_000_000_000L, 0.1).write(out, 3_000_000);
        }
        java.util.Map<String, List<String>> byHost = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(fleet)) {
            byHost.computeIfAbsent(line.substring(5, line.indexOf(' ')), h -> new java.util.ArrayList<>()).add(line);
        }
        List<String> perHost = new java.util.ArrayList<>(List.of("analyze"));
        for (var host : byHost.entrySet()) {
            Path log = dir.resolve(host.getKey() + ".log");
            Files.write(log, host.getValue());
            perHost.add(log.toString());
        }
        String[] common = {"--module", "auditbeat_process_hosts_ecs", "--host", "h"};
        String one = run(concat(List.of("analyze", fleet.toString(), "--db", dir.resolve("one.duckdb").toString(),
                "--results", dir.resolve("one.ndjson").toString()), common));
        perHost.addAll(List.of("--db", dir.resolve("split.duckdb").toString(), "--results", dir.resolve("split.ndjson").toString()));
        String split = run(concat(perHost, common));

        assertThat(byHost).hasSize(4);
        assertThat(one).contains("(2 job(s) on the events as read)");
        // both jobs ran on the events as read: none was left to run from the store
        assertThat(split).contains("from 4 file(s)").contains("(2 job(s) on the events as read)");
        assertThat(Files.readAllLines(dir.resolve("split.ndjson"))).isNotEmpty()
                .isEqualTo(Files.readAllLines(dir.resolve("one.ndjson")));
    }

    private static String[] concat(List<String> first, String... rest) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}

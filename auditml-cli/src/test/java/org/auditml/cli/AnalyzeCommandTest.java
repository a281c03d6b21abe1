package org.auditml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** analyze as a user runs it, on real logs written by others. */
class AnalyzeCommandTest {

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(Main.run(args)).as("exit code of analyze").isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString();
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
            assertThat(doc.path("result_type").asText()).isIn("bucket", "record", "influencer");
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
        try (org.auditml.store.AuditStore store = org.auditml.store.AuditStore.open(Path.of(db))) {
            assertThat(store.datafeed("hosts_rare_process_activity_ecs")).hasValueSatisfying(feed -> assertThat(feed)
                    .contains("\"datafeed_id\":\"datafeed-hosts_rare_process_activity_ecs\"").contains("\"query\":{\"bool\""));
        }

        // host process events, no container: the hosts module and the Linux security jobs, not the Docker one
        assertThat(out).contains("auditbeat_process_hosts_ecs").contains("security_linux")
                .doesNotContain("auditbeat_process_docker_ecs");
    }
}

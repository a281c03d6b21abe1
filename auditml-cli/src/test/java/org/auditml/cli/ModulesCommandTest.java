package org.auditml.cli;

import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code auditml modules}: Kibana's modules with auditml's overlay, what it changes, recognition, added folders. */
class ModulesCommandTest {

    @Test
    void modules_listsEachModuleWithItsJobs() {
        Cli cli = Cli.run("modules");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("auditbeat_process_hosts_ecs — ")
                .contains("    hosts_rare_process_activity_ecs  (1h, Rare process execution on hosts)")
                .contains("auditbeat_process_docker_ecs — ").contains("security_linux_v3 — Security: Linux v3")
                .contains("    v3_rare_process_by_host_linux_ecs  (15m, rare process executions on Linux)")
                .contains("[overlay: auditml");
        assertThat(Cli.run("modules", "--no-overlay").out()).doesNotContain("[overlay:");
    }

    @Test
    void show_listsWhatTheOverlayChangesAndWhy_theOldIdWithANote() {
        Cli cli = Cli.run("modules", "--show", "security_linux");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).contains("note: module 'security_linux' is now 'security_linux_v3'");
        assertThat(cli.out()).contains("overlay 'auditml' (switch it off with --no-overlay):")
                .contains("  manifest.json: query.bool.filter = ")
                .contains("  every job: datafeed.query.bool.must removed")
                .contains("  v3_rare_process_by_host_linux_ecs: analysis_config.auditml_context = true")
                .contains("      why: auditml_context: ");
        assertThat(Cli.run("modules", "--show", "security_linux_v3", "--no-overlay").out())
                .contains("as shipped: no overlay (--no-overlay)");
    }

    @Test
    void recognition_rawLogsSatisfyKibanasModule_asShipped_forTheyCarryHostOs(@TempDir Path dir) {
        String db = dir.resolve("db.duckdb").toString();
        Cli.run("analyze", Corpus.file("qiangwang-syscall/audit.log").toString(), "--db", db, "--host", "h",
                "--module", "auditbeat_process_hosts_ecs");

        Cli shipped = Cli.run("modules", "--db", db, "--no-overlay");
        assertThat(shipped.out()).contains("security_linux_v3 —");
        assertThat(shipped.err()).doesNotContain("host.os.type");
    }

    @Test
    void recognition_saysWhatKibanasDatafeedsCannotMatch_inEventsWithoutHostMetadata(@TempDir Path dir) throws Exception {
        String db = dir.resolve("db.duckdb").toString();
        Path log = dir.resolve("auditbeat.ndjson");
        Files.writeString(log, auditbeatWithoutHostMetadata());
        Cli.run("analyze", log.toString(), "--db", db, "--module", "auditbeat_process_hosts_ecs");

        Cli shipped = Cli.run("modules", "--db", db, "--no-overlay");
        assertThat(shipped.out()).doesNotContain("security_linux_v3 —");
        assertThat(shipped.err()).contains("warning: security_linux_v3: the manifest query matches none of")
                .contains("warning: security_linux_v3: datafeed-v3_rare_process_by_host_linux_ecs matches none of")
                .contains("host.os.type").contains("would mend it");
        Cli overlaid = Cli.run("modules", "--db", db);
        assertThat(overlaid.out()).contains("security_linux_v3 —")
                .contains("note: security_linux_v3: datafeed-v3_rare_process_by_host_linux_ecs as shipped matches none")
                .contains("the auditml overlay mends it");
        assertThat(overlaid.err()).doesNotContain("warning: security_linux_v3: datafeed-v3_rare_process_by_host");
    }

    /** Auditbeat events from a host without add_host_metadata: no host.os.*. */
    private static String auditbeatWithoutHostMetadata() {
        StringBuilder events = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            events.append("{\"@timestamp\":\"2024-05-01T10:0").append(i).append(":00.000Z\",\"event\":{\"module\":"
                    + "\"auditd\",\"category\":[\"process\"],\"type\":[\"start\"],\"action\":\"executed\"},"
                    + "\"host\":{\"name\":\"web-01\"},\"process\":{\"name\":\"nc\",\"executable\":\"/usr/bin/nc\","
                    + "\"pid\":10").append(i).append("},\"user\":{\"name\":\"bob\"},\"auditd\":{\"data\":"
                    + "{\"syscall\":\"execve\"},\"sequence\":").append(i).append(",\"result\":\"success\"}}\n");
        }
        return events.toString();
    }

    @Test
    void analyze_withoutTheOverlay_warnsOfDatafeedsThatMatchNothingThoughTheJobsFieldsOccur(@TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("auditbeat.ndjson");
        Files.writeString(log, auditbeatWithoutHostMetadata());

        Cli shipped = Cli.run("analyze", log.toString(), "--db", dir.resolve("a.duckdb").toString(),
                "--module", "security_linux_v3", "--no-overlay");
        assertThat(shipped.exitCode()).isZero();
        assertThat(shipped.err()).contains("warning: security_linux_v3: datafeed-v3_rare_process_by_host_linux_ecs "
                + "matches none of 3 events with the job's fields: query.bool.must[0] on host.os.type, host.os.family: "
                + "no event has any of these fields; the auditml overlay (on unless --no-overlay) would mend it: ");
        Cli overlaid = Cli.run("analyze", log.toString(), "--db", dir.resolve("b.duckdb").toString(),
                "--module", "security_linux_v3");
        assertThat(overlaid.err()).doesNotContain("datafeed-v3_rare_process_by_host_linux_ecs matches none");
    }

    @Test
    void addFolder_keepsAKibanaModuleInTheStore_forAnalyze(@TempDir Path dir) throws Exception {
        Path module = dir.resolve("my_module");
        Files.createDirectories(module.resolve("ml"));
        Files.writeString(module.resolve("manifest.json"), """
                {"id": "my_execs", "title": "Executions", "description": "rare programs",
                 "query": {"term": {"event.module": "auditd"}},
                 "jobs": [{"id": "rare_exe", "file": "rare_exe.json"}], "datafeeds": []}""");
        Files.writeString(module.resolve("ml/rare_exe.json"), """
                {"job": {"analysis_config": {"bucket_span": "1h",
                  "detectors": [{"function": "rare", "by_field_name": "process.executable"}]},
                  "data_description": {"time_field": "@timestamp"}}}""");
        Files.writeString(module.resolve("ml/datafeed_rare_exe.json"), """
                {"job_id": "JOB_ID", "indices": ["INDEX_PATTERN_NAME"], "query": {"exists": {"field": "process.executable"}}}""");
        String db = dir.resolve("db.duckdb").toString();

        Cli added = Cli.run("modules", "--add-folder", module.toString(), "--db", db);
        assertThat(added.exitCode()).isZero();
        assertThat(added.out()).contains("added module my_execs (1 jobs) to " + db);
        Cli analyzed = Cli.run("analyze", Corpus.file("qiangwang-syscall/audit.log").toString(), "--db", db,
                "--host", "h", "--module", "my_execs");
        assertThat(analyzed.exitCode()).isZero();
        assertThat(analyzed.out()).contains("running: my_execs");

        Files.writeString(module.resolve("ml/rare_exe.json"), "{\"job\": {\"analysis_config\": {\"bucket_span\": \"soon\","
                + " \"detectors\": [{\"function\": \"rare\", \"by_field_name\": \"process.executable\"}]}}}");
        Cli bad = Cli.run("modules", "--add-folder", module.toString(), "--db", db);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: module folder " + module + ": ml/rare_exe.json: analysis_config.bucket_span: ");
    }

    @Test
    void modules_ofAStoreThatIsNotThere_isRefused() {
        Cli cli = Cli.run("modules", "--db", "/nonexistent/auditml.duckdb");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: no store at /nonexistent/auditml.duckdb");
    }
}

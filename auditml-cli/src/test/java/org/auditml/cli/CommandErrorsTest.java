package org.auditml.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user's mistake looks like: a line or two saying what is wrong, nothing written, the trace with --debug. */
class CommandErrorsTest {

    @Test
    void analyze_datafeedWithATypo_isRefusedWithTheFieldBeforeAnythingIsStored(@TempDir Path dir) throws Exception {
        Path log = writeLog(dir);
        Path job = Files.writeString(dir.resolve("my-job.json"), """
                {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]}}""");
        Path feed = Files.writeString(dir.resolve("feed.json"), """
                {"qeury": {"term": {"event.action": "executed"}}}""");
        Path db = dir.resolve("db.duckdb");

        Cli cli = Cli.run("analyze", log.toString(), "--job", job.toString(), "--datafeed", feed.toString(),
                "--db", db.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("error: invalid datafeed config: qeury: unknown field, did you mean 'query'?");
        assertThat(db).doesNotExist();
    }

    @Test
    void analyze_unknownModule_orMissingFile_orDatafeedWithoutJob_isRefused(@TempDir Path dir) throws Exception {
        Path log = writeLog(dir);
        String db = dir.resolve("db.duckdb").toString();

        Cli module = Cli.run("analyze", log.toString(), "--module", "nope", "--db", db);
        Cli missing = Cli.run("analyze", dir.resolve("missing.log").toString(), "--db", db);
        Cli feedAlone = Cli.run("analyze", log.toString(), "--datafeed", log.toString(), "--db", db);

        assertThat(module.exitCode()).isEqualTo(2);
        assertThat(module.err()).isEqualTo("error: no module 'nope'; 'auditml modules' lists them\n");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or directory: ").contains("missing.log");
        assertThat(feedAlone.exitCode()).isEqualTo(2);
        assertThat(feedAlone.err()).contains("--datafeed is the datafeed of a --job");
    }

    @Test
    void serve_aBadAlertsFile_isRefusedWithTheField_beforeTheStoreIsMade(@TempDir Path dir) throws Exception {
        Path alerts = Files.writeString(dir.resolve("alerts.json"), """
                {"sinks": {"soc": {"type": "webhook", "url": "soc.example/hook"}},
                 "rules": [{"min_score": 75, "sinks": ["soc"]}]}""");
        Path db = dir.resolve("db.duckdb");

        Cli cli = Cli.run("serve", "--db", db.toString(), "--port", "0", "--alerts", alerts.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("error: " + alerts + ": sinks.soc.url must be an http:// or https:// "
                + "URL with a host, not 'soc.example/hook'");
        assertThat(db).doesNotExist();
    }

    @Test
    void analyze_aJobOnAFieldNoEventHas_warnsWithTheName(@TempDir Path dir) throws Exception {
        Path log = writeLog(dir);
        Path job = Files.writeString(dir.resolve("typo.json"), """
                {"analysis_config": {"bucket_span": "1h",
                  "detectors": [{"function": "rare", "by_field_name": "proces.executable"}],
                  "influencers": ["host.name"]}}""");

        Cli cli = Cli.run("analyze", log.toString(), "--job", job.toString(), "--db", dir.resolve("db.duckdb").toString(),
                "--host", "h");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).contains("warning: job [typo]: none of the 1 events it took has the field "
                + "'proces.executable' (detector 0's by_field_name); is the name right?").doesNotContain("'host.name'");
    }

    @Test
    void aModelMemoryLimitBeyondReach_isRefusedWithTheLimit_andNoStoreIsMade(@TempDir Path dir) throws Exception {
        Path job = Files.writeString(dir.resolve("big.json"), """
                {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]},
                 "analysis_limits": {"model_memory_limit": "999999999tb"}}""");

        Cli cli = Cli.run("analyze", writeLog(dir).toString(), "--job", job.toString(), "--db",
                dir.resolve("db.duckdb").toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: invalid job config: analysis_limits.model_memory_limit: "
                + "'999999999tb' is more than auditml can hold: at most 8388607tb\n");
        assertThat(dir.resolve("db.duckdb")).doesNotExist();
    }

    @Test
    void analyze_aDatafeedFileThatIsMissingOrNoJson_isRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path log = writeLog(dir);
        Path job = Files.writeString(dir.resolve("j.json"), """
                {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]}}""");
        Path notJson = Files.writeString(dir.resolve("feed.json"), "query: everything");
        String db = dir.resolve("db.duckdb").toString();

        Cli missing = Cli.run("analyze", log.toString(), "--job", job.toString(), "--datafeed",
                dir.resolve("nope.json").toString(), "--db", db);
        Cli broken = Cli.run("analyze", log.toString(), "--job", job.toString(), "--datafeed", notJson.toString(),
                "--db", db);

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: cannot read the datafeed file " + dir.resolve("nope.json")
                + ": no such file or directory\n");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).startsWith("error: invalid datafeed config: (body): not valid JSON:");
    }

    @Test
    void parse_toAnOutputThatFails_saysSo_andExitsWithOne(@TempDir Path dir) throws Exception {
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int code = Main.run(full, err, "parse", writeLog(dir).toString(), "--host", "h");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: cannot write standard output: no space left on device\n");
    }

    @Test
    void aFailure_isOneLine_andItsStackTraceComesWithDebug(@TempDir Path dir) throws Exception {
        Path notAStore = Files.writeString(dir.resolve("not-a-store.duckdb"), "not a database");

        Cli plain = Cli.run("results", "--db", notAStore.toString());
        Cli debug = Cli.run("results", "--db", notAStore.toString(), "--debug");

        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err().lines()).hasSize(2).first().asString()
                .isEqualTo("error: " + notAStore + " is not a store (not a DuckDB database file); give the path of a "
                        + "store, or of one to make");
        assertThat(plain.err()).doesNotContain("\tat ");
        assertThat(debug.err()).contains("\tat org.auditml.");
    }

    private static Path writeLog(Path dir) throws Exception {
        return Files.writeString(dir.resolve("audit.log"), String.join("\n",
                "type=SYSCALL msg=audit(1700000000.100:1): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 "
                        + "a3=4 items=1 ppid=1 pid=100 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 "
                        + "egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=1 comm=\"ls\" exe=\"/usr/bin/ls\" key=(null)",
                "type=EXECVE msg=audit(1700000000.100:1): argc=1 a0=\"ls\"",
                "type=PROCTITLE msg=audit(1700000000.100:1): proctitle=6C73", ""));
    }
}

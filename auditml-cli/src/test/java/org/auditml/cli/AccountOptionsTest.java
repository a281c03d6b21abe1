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

/** {@code --passwd} and {@code --group} as a user gives them, on Auditbeat's sudo log and its golden. */
class AccountOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG = "auditbeat-module-testdata/sudo.log";

    @TempDir
    Path dir;

    @Test
    void parse_withTheHostsPasswdFile_namesTheUsersAsAuditbeatsGolden() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "alice:x:1001:1001::/home/alice:/bin/bash\noldbob:x:1002:1002::/home/oldbob:/bin/bash\n"
                + "bob:x:9999:9999::/home/bob:/bin/bash\n");
        Path out = dir.resolve("events.ndjson");

        Cli cli = Cli.run("parse", Corpus.file(LOG).toString(), "--host", "sudo-host", "--passwd", "sudo-host=" + passwd,
                "-o", out.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode golden = JSON.readTree(Corpus.file(LOG + "-expected.json").toFile());
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(golden.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode ours = JSON.readTree(lines.get(i));
            JsonNode want = golden.get(i);
            assertThat(ours.path("user").path("name").asText()).as("user.name of event " + i)
                    .isEqualTo(want.path("user").path("name").asText());
            assertThat(ours.path("user").path("audit").path("name").asText()).as("user.audit.name of event " + i)
                    .isEqualTo(want.path("user").path("audit").path("name").asText());
            assertThat(ours.path("auditd").path("summary").path("actor").path("secondary").asText())
                    .isEqualTo(want.path("auditd").path("summary").path("actor").path("secondary").asText());
            assertThat(ours.path("host").path("os").path("type").asText()).isEqualTo("linux");
        }
    }

    @Test
    void parse_withoutTheFile_leavesThoseUsersUnnamed() throws Exception {
        Path out = dir.resolve("events.ndjson");

        assertThat(Cli.run("parse", Corpus.file(LOG).toString(), "--host", "sudo-host", "-o", out.toString()).exitCode())
                .isZero();

        assertThat(Files.readAllLines(out)).allSatisfy(l -> assertThat(JSON.readTree(l).path("user").path("audit")
                .has("name")).isFalse());
    }

    @Test
    void aMalformedPasswdLine_isAWarningWithFileAndLine_andTheEventsAreStillWritten() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "oldbob:x:1002:1002::/home/oldbob:/bin/bash\n"
                + "alice:1001\n");
        Path out = dir.resolve("events.ndjson");

        Cli cli = Cli.run("parse", Corpus.file(LOG).toString(), "--host", "h", "--passwd", "h=" + passwd, "-o",
                out.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.INCOMPLETE);
        assertThat(cli.err()).contains("warning: " + passwd + ":2: a passwd line has 7 fields");
        assertThat(Files.readAllLines(out)).hasSize(20)
                .allSatisfy(l -> assertThat(JSON.readTree(l).path("user").path("audit").path("name").asText()).isEqualTo("oldbob"));
    }

    @Test
    void aMissingFile_isRefusedBeforeAnythingIsWritten() {
        Path out = dir.resolve("events.ndjson");
        Path missing = dir.resolve("no-such-passwd");

        Cli parse = Cli.run("parse", Corpus.file(LOG).toString(), "--passwd", "web1=" + missing, "-o", out.toString());
        Cli analyze = Cli.run("analyze", Corpus.file(LOG).toString(), "--group", "web1=" + missing, "--db",
                dir.resolve("db.duckdb").toString());

        assertThat(parse.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(parse.err().strip()).isEqualTo("error: cannot read the passwd file " + missing + " for host web1: no such file");
        assertThat(out).doesNotExist();
        assertThat(analyze.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(analyze.err()).contains("error: cannot read the group file " + missing + " for host web1");
        assertThat(dir.resolve("db.duckdb")).doesNotExist();
    }

    @Test
    void aValueThatIsNeitherHostEqualsFileNorADirectory_isRefusedSayingTheLayout() {
        Cli cli = Cli.run("parse", Corpus.file(LOG).toString(), "--passwd", dir.resolve("nothing").toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err()).contains("give HOST=FILE, or a directory laid out as DIR/<host>/passwd and DIR/<host>/group");
    }

    @Test
    void aDirectoryOfHosts_namesEachHostsEvents() throws Exception {
        Files.createDirectories(dir.resolve("hosts/sudo-host"));
        Files.writeString(dir.resolve("hosts/sudo-host/passwd"), "oldbob:x:1002:1002::/home/oldbob:/bin/bash\n");
        Path out = dir.resolve("events.ndjson");

        Cli cli = Cli.run("parse", Corpus.file(LOG).toString(), "--host", "sudo-host", "--passwd",
                dir.resolve("hosts").toString(), "-o", out.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.readAllLines(out)).allSatisfy(l -> assertThat(JSON.readTree(l).path("user").path("audit")
                .path("name").asText()).isEqualTo("oldbob"));
    }
}

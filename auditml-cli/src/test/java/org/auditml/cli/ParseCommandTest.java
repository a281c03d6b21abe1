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

/** The command as a user runs it. */
class ParseCommandTest {

    @Test
    void parse_corpusLog_writesOneAuditbeatShapedEventPerLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.ndjson");
        int code = Main.run("parse", Corpus.file("auditbeat-module-testdata/chown.log").toString(), "-o", out.toString());

        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.get(0));
        assertThat(event.path("@timestamp").asText()).isEqualTo("2021-01-19T21:24:24.740Z");
        assertThat(event.path("event").path("action").asText()).isEqualTo("changed-file-ownership-of");
        assertThat(event.path("process").path("executable").asText()).isEqualTo("/usr/bin/chown");
        assertThat(event.path("auditd").path("summary").path("object").path("primary").asText()).isEqualTo("test");
    }

    @Test
    void parse_summary_printsPerFileAndPerNodeStatistics() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = Main.run("parse", Corpus.file("audit-userspace/test3.log").toString(), "--summary", "--host", "h");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isZero();
        assertThat(err.toString()).contains("test3.log (raw").contains("node auditdtest.a1959.org:")
                .contains("malformed lines").contains("serial gaps");
    }

    @Test
    void demo_findsBothStoriesAsCriticalAnomalies(@TempDir Path dir) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        int code;
        try {
            code = Main.run("demo", "--dir", dir.toString());
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isZero();
        List<String> critical = out.toString().lines().filter(l -> l.contains(" critical ")).toList();
        assertThat(critical).anySatisfy(l -> assertThat(l).contains("web-02").contains("/tmp/.cache/xxprimef: first seen"));
        assertThat(critical).anySatisfy(l -> assertThat(l).contains("bastion-01").contains("events in the hour"));
        assertThat(critical).hasSize(2);
        // the table leaves noise out: nothing else reaches even the minor band
        List<String> rows = out.toString().lines().filter(l -> l.matches("^20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d .*")).toList();
        assertThat(rows).filteredOn(l -> !l.contains(" warning ")).hasSize(2);
        assertThat(dir.resolve("results.ndjson")).exists();
    }
}

package org.auditml.cli;

import org.auditml.bench.HeapUse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command as a user runs it. */
class ParseCommandTest {

    @Test
    void parse_corpusLog_writesOneAuditbeatShapedEventPerLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.ndjson");
        int code = Cli.run("parse", Corpus.file("auditbeat-module-testdata/chown.log").toString(), "-o", out.toString()).exitCode();

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
        Cli cli = Cli.run("parse", Corpus.file("audit-userspace/test3.log").toString(), "--summary", "--host", "h");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).contains("test3.log (raw").contains("node auditdtest.a1959.org:")
                .contains("malformed lines").contains("serial gaps");
    }

    @Test
    void parse_peakHeap_printsWhatStayedAliveAfterAFullCollection_belowThePeaks() throws Exception {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeFalse(Files.isRegularFile(devNull), "/dev/null is a regular file on this machine");
        Cli cli = Cli.run("parse", Corpus.file("audit-userspace/test3.log").toString(), "-o", "/dev/null", "--peak-heap",
                "--host", "h");
        assertThat(Files.isRegularFile(devNull)).as("/dev/null written in place, not replaced by a file").isFalse();

        java.util.Map<String, Long> figures = HeapUse.figures(cli.err());
        assertThat(figures).containsOnlyKeys(HeapUse.PEAK_HEAP, HeapUse.PEAK_OLD, HeapUse.LIVE_OLD);
        assertThat(figures.get(HeapUse.LIVE_OLD)).isPositive().isLessThanOrEqualTo(figures.get(HeapUse.PEAK_HEAP));
    }

    @Test
    void demo_findsBothStoriesAsCriticalAnomalies(@TempDir Path dir) throws Exception {
        Cli cli = Cli.run("demo", "--dir", dir.toString(), "--no-serve");

        assertThat(cli.exitCode()).isZero();
        List<String> critical = cli.out().lines().filter(l -> l.contains(" critical ")).toList();
        assertThat(critical).anySatisfy(l -> assertThat(l).contains("web-02").contains("/tmp/.cache/xxprimef: first seen"));
        assertThat(critical).anySatisfy(l -> assertThat(l).contains("bastion-01").contains("events in the hour"));
        assertThat(critical).hasSize(2);
        // the table leaves noise out: nothing else reaches even the minor band
        List<String> rows = cli.out().lines().filter(l -> l.matches("^20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d .*")).toList();
        assertThat(rows).filteredOn(l -> !l.contains(" warning ")).hasSize(2);

        // the result documents say the same in Elastic's shapes
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> docs = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(dir.resolve("results.ndjson"))) {
            docs.add(json.readTree(line));
        }
        assertThat(docs).extracting(d -> d.path("result_type").asText()).contains("bucket", "record", "influencer");
        assertThat(docs).filteredOn(d -> d.path("result_type").asText().equals("record")
                && d.path("record_score").asDouble() >= 75).hasSize(2).anySatisfy(d -> {
            assertThat(d.path("job_id").asText()).isEqualTo("hosts_rare_process_activity_ecs");
            assertThat(d.path("function").asText()).isEqualTo("rare");
            assertThat(d.path("partition_field_value").asText()).isEqualTo("web-02");
            assertThat(d.path("by_field_value").asText()).isEqualTo("/tmp/.cache/xxprimef");
            assertThat(d.path("host.name").get(0).asText()).isEqualTo("web-02"); // Elastic's top-level copy
            assertThat(d.path("anomaly_score_explanation").path("by_field_first_occurrence").asBoolean()).isTrue();
        }).anySatisfy(d -> {
            assertThat(d.path("job_id").asText()).isEqualTo("hosts_high_count_process_events_ecs");
            assertThat(d.path("actual").get(0).asDouble()).isGreaterThan(5 * d.path("typical").get(0).asDouble());
        });
        assertThat(docs).filteredOn(d -> d.path("result_type").asText().equals("bucket")
                && d.path("anomaly_score").asDouble() >= 75).isNotEmpty();
    }
}

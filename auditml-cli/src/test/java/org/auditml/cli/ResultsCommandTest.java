package org.auditml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code auditml results}: the documents a run stored, read back later, as the run itself wrote them. */
class ResultsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static String db;
    private static List<String> written;

    @BeforeAll
    static void runTheDemo() throws Exception {
        assertThat(Cli.run("demo", "--dir", dir.toString(), "--no-serve").exitCode()).isZero();
        db = dir.resolve("auditml.duckdb").toString();
        written = Files.readAllLines(dir.resolve("results.ndjson"));
    }

    @Test
    void results_everyDocument_isWhatTheRunWrote() {
        Cli cli = Cli.run("results", "--db", db);

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out().lines().sorted().toList()).isEqualTo(written.stream().sorted().toList());
    }

    @Test
    void results_oneJobsRecordsAboveAScore_toAFile() throws Exception {
        Path out = dir.resolve("critical.ndjson");
        Cli cli = Cli.run("results", "--db", db, "--job", "hosts_rare_process_activity_ecs", "--type", "record",
                "--min-score", "75", "-o", out.toString());

        assertThat(cli.exitCode()).isZero();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            docs.add(JSON.readTree(line));
        }
        assertThat(docs).singleElement().satisfies(d -> {
            assertThat(d.path("by_field_value").asText()).isEqualTo("/tmp/.cache/xxprimef");
            assertThat(d.path("record_score").asDouble()).isGreaterThanOrEqualTo(75);
        });
        assertThat(cli.err()).contains("1 result documents written to " + out);
    }

    @Test
    void results_ofTypeBucketInfluencer_areTheBucketsNestedOnes_inTimeOrder() throws Exception {
        Cli cli = Cli.run("results", "--db", db, "--job", "hosts_high_count_process_events_ecs", "--type",
                "bucket_influencer");

        assertThat(cli.exitCode()).isZero();
        List<String> nested = new ArrayList<>();
        for (String line : written) {
            JsonNode d = JSON.readTree(line);
            if (d.path("result_type").asText().equals("bucket") && d.path("job_id").asText()
                    .equals("hosts_high_count_process_events_ecs")) {
                d.path("bucket_influencers").forEach(i -> nested.add(i.toString()));
            }
        }
        List<JsonNode> standalone = new ArrayList<>();
        for (String line : cli.out().lines().toList()) {
            standalone.add(JSON.readTree(line));
        }
        assertThat(nested).isNotEmpty();
        assertThat(standalone.stream().map(JsonNode::toString).toList()).containsExactlyInAnyOrderElementsOf(nested);
        assertThat(standalone).extracting(d -> d.path("timestamp").asLong()).isSorted();
    }

    @Test
    void results_ofAJobTheStoreDoesNotHave_isRefusedWithItsJobs() {
        Cli cli = Cli.run("results", "--db", db, "--job", "nope");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: no job 'nope' in").contains("hosts_rare_process_activity_ecs")
                .doesNotContain("Exception");
    }

    @Test
    void results_ofAnUnknownType_orWithoutAStore_isRefused() {
        Cli type = Cli.run("results", "--db", db, "--type", "records");
        Cli store = Cli.run("results", "--db", dir.resolve("missing.duckdb").toString());

        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err()).contains("no result type 'records'");
        assertThat(store.exitCode()).isEqualTo(2);
        assertThat(store.err()).contains("no store at").doesNotContain("Exception");
        assertThat(dir.resolve("missing.duckdb")).doesNotExist();
    }
}

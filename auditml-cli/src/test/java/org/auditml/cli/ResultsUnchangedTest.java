package org.auditml.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's result documents and those of a generated 50 MB fleet are byte for byte what {@code bin/auditml demo}
 * and {@code bin/auditml analyze} wrote when the fixtures were made: first by commit 8b539d6, before the workflow moved
 * into the service and the engine was split (which left them unchanged); made again when the count model learnt the
 * spread of each hour and the modules' scores were anchored to probabilities, a change of results by intent; made
 * again when the tails were calibrated, and when the modules became Kibana's own files (job ids with {@code _ecs}), the
 * demo's log auditd's enriched format (names for uids) and buckets gained Elastic's bucket_influencer documents; and
 * when the miner's reason named its ancestry.
 */
class ResultsUnchangedTest {

    @Test
    void demo_writesTheResultsItWroteBefore(@TempDir Path dir) throws Exception {
        assertThat(Cli.run("demo", "--dir", dir.toString(), "--no-serve").exitCode()).isZero();

        assertThat(Files.readString(dir.resolve("results.ndjson"))).isEqualTo(fixture("demo-results.ndjson.gz"));
    }

    @Test
    void analyze_aGenerated50MbFleet_writesTheResultsItWroteBefore(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("fleet50.log");
        assertThat(Cli.run("generate", log.toString(), "--size", "50MB").exitCode()).isZero();
        Path results = dir.resolve("results.ndjson");

        assertThat(Cli.run("analyze", log.toString(), "--db", dir.resolve("db.duckdb").toString(),
                "--results", results.toString()).exitCode()).isZero();

        assertThat(Files.readString(results)).isEqualTo(fixture("fleet50-results.ndjson.gz"));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ResultsUnchangedTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package org.auditml.cli;

import org.auditml.engine.result.ResultDocumentReader;
import org.auditml.store.ResultIds;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** flink-local's choice of jobs, and flink-job writing the job jar the build put beside auditml's own. */
class FlinkCommandsTest {

    @Test
    void flinkLocal_takesAModuleOrJobFiles_oneOfThem(@TempDir Path dir) throws Exception {
        Path events = Files.writeString(dir.resolve("events.ndjson"), "{}\n");
        String results = dir.resolve("r.ndjson").toString();
        for (String[] jobs : new String[][]{{}, {"--module", "auditbeat_process_hosts_ecs", "--job", "j.json"}}) {
            String[] args = new String[4 + jobs.length];
            System.arraycopy(new String[]{"flink-local", events.toString(), "--results", results}, 0, args, 0, 4);
            System.arraycopy(jobs, 0, args, 4, jobs.length);
            Cli cli = Cli.run(args);
            assertThat(cli.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(cli.err()).isEqualTo("error: give --module ID or --job FILE (with its --datafeed), one of them\n");
        }
        Path typo = Files.writeString(dir.resolve("typo.json"),
                "{\"analysis_config\": {\"detectors\": [{\"function\": \"count\", \"partition_feld_name\": \"host.name\"}]}}");
        Cli cli = Cli.run("flink-local", events.toString(), "--results", results, "--job", typo.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err()).startsWith("error: invalid job config: analysis_config.detectors[0].partition_feld_name");
        assertThat(dir.resolve("r.ndjson")).doesNotExist();
    }

    /**
     * Without an address, flink-local starts a Kafka broker of its own: a raw log's lines go through its topics and
     * the exactly-once sink, and give the documents the job gives reading the file itself ({@code --no-kafka}).
     */
    @Test
    void flinkLocal_throughABrokerInProcess_givesWhatTheJobGivesWithoutKafka(@TempDir Path dir) throws Exception {
        Path events = DemoFleet.write(dir, 7).rawLog();
        Path viaKafka = dir.resolve("kafka.ndjson");
        Path direct = dir.resolve("direct.ndjson");

        Cli kafka = Cli.run("flink-local", events.toString(), "--module", "auditbeat_process_hosts_ecs", "--host",
                "demo-host", "--results", viaKafka.toString());
        Path db = dir.resolve("store.duckdb");
        Cli noKafka = Cli.run("flink-local", events.toString(), "--module", "auditbeat_process_hosts_ecs", "--host",
                "demo-host", "--no-kafka", "--results", direct.toString(), "--db", db.toString());

        assertThat(kafka.exitCode()).as(kafka.err()).isZero();
        assertThat(kafka.out()).contains("through a Kafka broker in process");
        assertThat(noKafka.exitCode()).as(noKafka.err()).isZero();
        List<String> expected = Files.readAllLines(direct);
        assertThat(expected).anySatisfy(d -> assertThat(d).contains("\"result_type\":\"record\""));
        assertThat(Files.readAllLines(viaKafka)).containsExactlyInAnyOrderElementsOf(expected);
        // --db: the store holds each document's last version, as an index of the results topic would
        Map<String, String> lastById = new LinkedHashMap<>();
        for (String doc : expected) {
            ResultDocumentReader.read(doc).ifPresent(r -> lastById.put(ResultIds.of(r), doc));
        }
        Cli stored = Cli.run("results", "--db", db.toString());
        assertThat(stored.exitCode()).as(stored.err()).isZero();
        // a bucket influencer's own document comes with its bucket
        assertThat(stored.out().lines().filter(d -> ResultDocumentReader.read(d).isPresent()))
                .containsExactlyInAnyOrderElementsOf(lastById.values());
        Cli both = Cli.run("flink-local", events.toString(), "--module", "auditbeat_process_hosts_ecs", "--no-kafka",
                "--bootstrap-servers", "localhost:9092", "--results", direct.toString());
        assertThat(both.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(both.err()).isEqualTo("error: --no-kafka and --bootstrap-servers exclude each other; give one of them\n");
    }

    @Test
    void flinkJob_writesTheJobJarBesideAuditml_orSaysHowToBuildIt(@TempDir Path dir) throws Exception {
        Path built = FlinkJobCommand.besideThisJar();
        Path out = dir.resolve("job.jar");
        Cli cli = Cli.run("flink-job", "--out", out.toString());
        if (Files.isRegularFile(built)) { // after mvn package (bin/auditml's build, scripts/test's verify)
            assertThat(cli.exitCode()).isZero();
            assertThat(out).hasSameBinaryContentAs(built);
            assertThat(cli.out()).contains("flink run -c org.auditml.flink.FlinkJobMain " + out);
        } else {
            assertThat(cli.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(cli.err()).startsWith("error: the job jar is not built (no " + built + ")");
            assertThat(out).doesNotExist();
        }
    }
}

package org.auditml.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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

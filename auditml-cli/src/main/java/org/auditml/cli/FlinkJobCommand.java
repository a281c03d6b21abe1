package org.auditml.cli;

import org.auditml.service.RequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code auditml flink-job}: writes the job jar for {@code flink run} on an existing cluster. The build makes it
 * (auditml-flink's shaded jar, without the Flink a cluster has) and puts it beside auditml.jar, as bin/auditml builds
 * both; this command copies it out, so it needs neither Maven nor the network.
 */
@Command(name = "flink-job", mixinStandardHelpOptions = true,
        description = "Writes the Flink job jar (Kafka in, result documents out) for 'flink run' on a cluster.")
final class FlinkJobCommand implements Callable<Integer> {
    static final String JOB_JAR = "auditml-flink-job.jar";
    static final String MAIN_CLASS = "org.auditml.flink.FlinkJobMain";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = JOB_JAR, paramLabel = "JAR",
            description = "Where to write it (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path built = besideThisJar();
        if (!Files.isRegularFile(built)) {
            throw new RequestException("the job jar is not built (no " + built + "); build auditml with 'mvn package' "
                    + "(bin/auditml does) and run this again");
        }
        try (OutputFile o = OutputFile.open(out)) {
            Files.copy(built, o.stream());
            o.commit();
        }
        spec.commandLine().getOut().printf("wrote %s (%d MB); run it on a cluster with%n  flink run -c %s %s "
                        + "--bootstrap-servers HOST:9092 --events-topic auditbeat --results-topic auditml-results "
                        + "--module auditbeat_process_hosts_ecs%n(--help after the jar lists the arguments)%n", out,
                Files.size(out) >> 20, MAIN_CLASS, out);
        return 0;
    }

    /** Where the build puts the job jar: beside auditml.jar (or beside the classes, in a build's tests). */
    static Path besideThisJar() {
        try {
            Path self = Path.of(FlinkJobCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self.resolveSibling(JOB_JAR);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("auditml's own location is no path", e);
        }
    }
}

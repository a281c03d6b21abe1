package org.auditml.cli;

import org.auditml.flink.FlinkLocalRun;
import org.auditml.flink.JobSet;
import org.auditml.flink.raw.RawReading;
import org.auditml.service.AuditmlService;
import org.auditml.service.RequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditml flink-local}: a module's jobs (or jobs of one's own) over audit logs, run as the Flink job
 * on an embedded MiniCluster (through Kafka when an address is given), the result documents written once the input
 * is consumed.
 */
@Command(name = "flink-local", mixinStandardHelpOptions = true,
        description = "Runs a module's jobs (or --job files) over audit logs as a Flink job on this machine "
                + "and writes the result documents (NDJSON).")
final class FlinkLocalCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Audit logs: raw auditd logs (node= prefixes or "
            + "not) or Auditbeat JSON (one event a line), or both in one file.")
    List<Path> files;

    @Option(names = "--host", description = "host.name for raw records without node= (default: this machine's name).")
    String host;

    @Mixin
    AccountOptions accounts;

    @Option(names = "--module", paramLabel = "ID", description = "The built-in module to run (or --job).")
    String module;

    @Option(names = "--job", paramLabel = "JOB.json", description = "Jobs of one's own instead of a module, as "
            + "analyze takes them (repeatable): a job, Kibana's export of several, or a folder of job files with "
            + "their datafeed_<job>.json.")
    List<Path> jobFiles = new ArrayList<>();

    @Option(names = "--datafeed", paramLabel = "DATAFEED.json", description = "The datafeed of each --job file, in "
            + "order (default: the job's own, else every event).")
    List<Path> datafeedFiles = new ArrayList<>();

    @Option(names = "--prefix", defaultValue = "", description = "Prefix of the job ids.")
    String prefix;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N",
            description = "The Flink job's parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka: the files are produced to a topic of their own, results come back through an "
                    + "exactly-once sink. Without it a Kafka broker is started in this process for the run.")
    String bootstrapServers;

    @Option(names = "--no-kafka", description = "The job reads the files itself and hands its results straight back "
            + "(no Kafka: quicker, but not the path a cluster's job takes).")
    boolean noKafka;

    @Option(names = "--results", required = true, paramLabel = "OUT.ndjson", description = "Where to write the results.")
    Path results;

    @Option(names = "--db", paramLabel = "PATH", description = "Also store the jobs and their results in this store, "
            + "for 'serve' and 'results' (a job of the same id there is replaced).")
    Path db;

    @Override
    public Integer call() throws Exception {
        if (noKafka && bootstrapServers != null) {
            throw new RequestException("--no-kafka and --bootstrap-servers exclude each other; give one of them");
        }
        String kafka = noKafka ? null : bootstrapServers == null ? FlinkLocalRun.IN_PROCESS : bootstrapServers;
        FlinkLocalRun run;
        try {
            String thisMachine = ParseCommand.localHostName();
            run = new FlinkLocalRun(files, jobSet(module, jobFiles, datafeedFiles, prefix,
                    spec.commandLine().getErr()), parallelism, kafka,
                    new RawReading(host != null ? host : thisMachine, accounts.passwd, accounts.group, thisMachine));
        } catch (IllegalArgumentException e) {
            throw new RequestException(e.getMessage());
        }
        long[] written = {0};
        try (OutputFile out = OutputFile.open(results);
             BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8))) {
            run.run(doc -> {
                try {
                    w.write(doc);
                    w.write('\n');
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.flush();
            out.commit();
        }
        if (db != null) {
            try (AuditmlService service = AuditmlService.open(db)) {
                service.storeResults(run.jobs().setUp(), Files.readAllLines(results, StandardCharsets.UTF_8));
            }
        }
        spec.commandLine().getOut().printf("wrote %s: %d result documents (Flink, parallelism %d%s)%n", results,
                written[0], parallelism, kafka == null ? ", no Kafka" : kafka.equals(FlinkLocalRun.IN_PROCESS)
                        ? ", through a Kafka broker in process" : ", through Kafka at " + kafka);
        if (db != null) {
            spec.commandLine().getOut().printf("stored the jobs and their results in %s%n", db);
        }
        return 0;
    }

    /**
     * A module's jobs, or job files read as {@code analyze --job} reads them (its errors, its notes on {@code err}),
     * handed to the Flink job as their text.
     */
    static JobSet jobSet(String module, List<Path> jobFiles, List<Path> datafeedFiles, String prefix,
                         PrintWriter err) {
        if ((module == null) == jobFiles.isEmpty()) {
            throw new RequestException("give --module ID or --job FILE (with its --datafeed), one of them");
        }
        if (module != null) {
            return new JobSet(module, prefix);
        }
        JobFiles.load(jobFiles, datafeedFiles, prefix, err);
        return JobSet.ofJson(JobFiles.texts(jobFiles, datafeedFiles).stream()
                .map(t -> new JobSet.JobJson(t.job().toString(), t.jobJson(), t.datafeedJson())).toList(), prefix);
    }
}

package org.auditml.bench;

import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.engine.job.JobParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code auditml bench engine}: events per second through the host rare-process and process-rate jobs, on a seeded
 * synthetic fleet, and the model memory each holds per 1,000 hosts (partitions). In-process, after a warm-up run.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Throughput of the engine alone (host rare and high-rate jobs) and model memory per 1,000 partitions.")
final class EngineBench implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final String RARE = """
            {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "rare",
              "by_field_name": "process.executable", "partition_field_name": "host.name"}],
              "influencers": ["host.name", "process.executable"]}, "analysis_limits": {"model_memory_limit": "4gb"}}
            """;
    private static final String RATE = """
            {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "high_non_zero_count",
              "partition_field_name": "host.name"}], "influencers": ["host.name", "process.executable"]},
             "analysis_limits": {"model_memory_limit": "4gb"}}
            """;

    @Option(names = "--hosts", defaultValue = "1000", description = "Partitions (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--programs", defaultValue = "200", description = "Distinct executables in the fleet (default: ${DEFAULT-VALUE}).")
    int programs;

    @Option(names = "--events", defaultValue = "3000000", description = "Events per run (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--days", defaultValue = "14", description = "Days the events span (default: ${DEFAULT-VALUE}).")
    int days;

    /** A reusable event: the benchmark measures the engine, not allocation of inputs. */
    private static final class Event implements EventView {
        long time;
        String host;
        String program;

        @Override
        public long timestampMillis() {
            return time;
        }

        @Override
        public String field(String name) {
            return switch (name) {
                case "host.name" -> host;
                case "process.executable" -> program;
                default -> null;
            };
        }
    }

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        String[] hostNames = new String[hosts];
        for (int i = 0; i < hosts; i++) {
            hostNames[i] = "host-" + i;
        }
        String[] programNames = new String[programs];
        for (int i = 0; i < programs; i++) {
            programNames[i] = "/usr/bin/program-" + i;
        }
        out.printf(Locale.ROOT, "fleet: %d hosts, %d programs, %d events over %d days, 1h buckets%n",
                hosts, programs, events, days);
        for (String[] job : new String[][]{{"rare by process.executable partition host.name", RARE},
                {"high_non_zero_count partition host.name", RATE}}) {
            run(job[1], hostNames, programNames); // warm-up
            long start = System.nanoTime();
            AnomalyJob result = run(job[1], hostNames, programNames);
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = result.modelBytes();
            out.printf(Locale.ROOT, "%-50s %10.0f events/s   model memory %s per 1,000 partitions%n",
                    job[0], events / seconds, Sizes.format(bytes * 1000 / hosts));
        }
        return 0;
    }

    private AnomalyJob run(String json, String[] hostNames, String[] programNames) {
        AnomalyJob job = new AnomalyJob(JobParser.parse(json, "bench"));
        Random r = new Random(1);
        Event e = new Event();
        long span = days * 86_400_000L;
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < events; i++) {
            e.time = t0 + span * i / events;
            e.host = hostNames[r.nextInt(hostNames.length)];
            // a skewed mix: a few programs are common, most are rare
            e.program = programNames[(int) (programNames.length * Math.pow(r.nextDouble(), 3))];
            job.accept(e);
        }
        job.flush();
        return job;
    }
}

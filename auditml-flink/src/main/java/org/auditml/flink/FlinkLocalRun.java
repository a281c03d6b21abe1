package org.auditml.flink;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.auditml.flink.raw.RawReading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Trying the Flink job on this machine: audit files (raw auditd logs, Auditbeat JSON, or both) run through the job on
 * an embedded MiniCluster, the result documents written to a file (NDJSON) once the input is consumed. With a Kafka
 * address the files' lines are produced to a topic of their own first, and the results come back through the
 * exactly-once sink, read committed; without one the job reads the files itself. Raw lines are read as {@code reading}
 * says, as {@code analyze} reads them.
 *
 * @param bootstrapServers Kafka's address; {@link #IN_PROCESS} for a broker of the run's own, in this process; or null
 *                         to read the files directly
 */
public record FlinkLocalRun(List<Path> files, JobSet jobs, int parallelism, String bootstrapServers,
                            RawReading reading) {
    /** Instead of an address: a Kafka broker started in this process for the run, and stopped after it. */
    public static final String IN_PROCESS = "in-process";
    private static final long CHECKPOINT_MILLIS = 1000;

    public FlinkLocalRun {
        files = List.copyOf(files);
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(reading, "reading");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no audit log to read");
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(f + ": no such file; give audit logs (raw, or Auditbeat JSON)");
            }
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be 1 or more; was " + parallelism);
        }
    }

    /** A run whose raw records without {@code node=} are of host {@code localhost}, named from the log alone. */
    public FlinkLocalRun(List<Path> files, JobSet jobs, int parallelism, String bootstrapServers) {
        this(files, jobs, parallelism, bootstrapServers, RawReading.withHost("localhost"));
    }

    /** Runs the job; each result document goes to {@code sink}, in the order the job wrote them. */
    public void run(Consumer<String> sink) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism);
        boolean raw = AuditFileLines.holdRawLines(files);
        if (bootstrapServers == null) {
            try (CloseableIterator<String> it = AuditmlFlinkJob.results(
                    events(AuditmlFlinkJob.fileLines(env, files), raw), jobs)
                    .executeAndCollect("auditml " + jobs.name())) {
                it.forEachRemaining(sink);
            }
            return;
        }
        if (IN_PROCESS.equals(bootstrapServers)) {
            try (InProcessKafka kafka = InProcessKafka.start()) {
                throughKafka(env, kafka.bootstrapServers(), raw, sink);
            }
            return;
        }
        throughKafka(env, bootstrapServers, raw, sink);
    }

    /** The files' lines as events: through the raw stage when any is a raw record (Auditbeat JSON needs none). */
    private DataStream<String> events(DataStream<String> lines, boolean raw) {
        return raw ? AuditmlFlinkJob.rawEvents(lines, reading) : lines;
    }

    private void throughKafka(StreamExecutionEnvironment env, String bootstrapServers, boolean raw,
                              Consumer<String> sink) throws Exception {
        String run = UUID.randomUUID().toString();
        String events = "auditml-events-" + run;
        String results = "auditml-results-" + run;
        KafkaTopics.create(bootstrapServers, events, 1);
        KafkaTopics.create(bootstrapServers, results, 1);
        KafkaTopics.produce(bootstrapServers, events, files);
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        DataStream<String> lines = events(KafkaTopics.lines(env, bootstrapServers, events, "auditml-" + run, true),
                raw);
        KafkaTopics.write(AuditmlFlinkJob.results(lines, jobs), bootstrapServers, results, "auditml-" + run);
        env.execute("auditml " + jobs.name());
        KafkaTopics.readCommitted(bootstrapServers, results, sink);
    }
}

package org.auditml.flink;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.util.TimeUtils;
import org.auditml.flink.raw.RawReading;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The arguments of {@link FlinkJobMain}: where the topics are, which jobs run, how the job checkpoints. */
@Command(name = "flink run -c org.auditml.flink.FlinkJobMain auditml-flink-job.jar", sortOptions = false,
        description = "auditml's jobs over Auditbeat events from a Kafka topic, "
        + "result documents to another, exactly once per checkpoint.")
public final class FlinkJobArguments {
    /** The Kafka sink's transactions time out after a minute: each must end (a checkpoint) well before. */
    private static final Duration LONGEST_CHECKPOINT_INTERVAL = Duration.ofSeconds(50);

    /** Where a key's series and a job's scoring are kept between checkpoints. */
    public enum StateBackend { hashmap, rocksdb }

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,…]", description = "Kafka.")
    String bootstrapServers;

    @Option(names = "--events-topic", paramLabel = "TOPIC",
            description = "Auditbeat's output.kafka topic (Auditbeat JSON, one event a record).")
    String eventsTopic;

    @Option(names = "--raw-topic", paramLabel = "TOPIC", description = "A topic of raw auditd lines, one a record "
            + "(node= prefixes name the hosts), reassembled per node as analyze reads a raw log.")
    String rawTopic;

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "NAME",
            description = "host.name of raw lines without node= (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--passwd", paramLabel = "HOST=FILE|DIR", description = "A host's passwd file naming the user "
            + "ids of its raw lines (repeatable), or a directory of hosts, as analyze takes it; every task reads it, "
            + "so it must be where the tasks run.")
    List<String> passwd = new ArrayList<>();

    @Option(names = "--group", paramLabel = "HOST=FILE|DIR",
            description = "A host's group file (repeatable), or a directory of hosts, as for --passwd.")
    List<String> group = new ArrayList<>();

    @Option(names = "--results-topic", required = true, paramLabel = "TOPIC",
            description = "Where the result documents go (read them with isolation.level=read_committed).")
    String resultsTopic;

    @Option(names = "--module", paramLabel = "ID", description = "A built-in module's jobs (or --job).")
    String module;

    @Option(names = "--job", paramLabel = "JOB.json", description = "A job file in Elastic's JSON, as analyze "
            + "--job takes it (repeatable): a job, a module file's {\"job\": …}, Kibana's export of several.")
    List<Path> jobFiles = new ArrayList<>();

    @Option(names = "--datafeed", paramLabel = "DATAFEED.json",
            description = "The datafeed of each --job, in order (default: the job's own, else every event).")
    List<Path> datafeedFiles = new ArrayList<>();

    @Option(names = "--prefix", defaultValue = "", paramLabel = "P", description = "Prefix of the job ids.")
    String prefix;

    @Option(names = "--group-id", defaultValue = "auditml", paramLabel = "ID",
            description = "The Kafka consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--transactional-id-prefix", paramLabel = "P", description = "Of the sink's Kafka "
            + "transactions; unique to this job on the Kafka cluster (default: the group id).")
    String transactionalIdPrefix;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", paramLabel = "DURATION",
            description = "How often state is checkpointed and results are committed (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--state-backend", paramLabel = "hashmap|rocksdb",
            description = "Heap or RocksDB (default: the cluster's state.backend.type).")
    StateBackend stateBackend;

    @Option(names = "--until-end", description = "Read the topic up to where it ends at the start, then close "
            + "the open buckets and finish (a backfill); without it the job runs until stopped.")
    boolean untilEnd;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show these arguments and exit.")
    boolean help;

    private Duration interval;

    /** The arguments, checked; a mistake is an {@link IllegalArgumentException} saying what to do. */
    public static FlinkJobArguments parse(String... args) {
        FlinkJobArguments a = new FlinkJobArguments();
        try {
            new CommandLine(a).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "; --help lists the arguments");
        }
        if (!a.help) {
            a.check();
        }
        return a;
    }

    private void check() {
        if (eventsTopic == null && rawTopic == null) {
            throw new IllegalArgumentException("give --events-topic TOPIC (Auditbeat JSON) or --raw-topic TOPIC "
                    + "(raw auditd lines), or both");
        }
        if ((module == null) == jobFiles.isEmpty()) {
            throw new IllegalArgumentException("give --module ID or --job FILE (with its --datafeed), one of them");
        }
        if (!datafeedFiles.isEmpty() && datafeedFiles.size() != jobFiles.size()) {
            throw new IllegalArgumentException("give one --datafeed per --job (" + jobFiles.size() + " jobs, "
                    + datafeedFiles.size() + " datafeeds), or none");
        }
        try {
            interval = TimeUtils.parseDuration(checkpointInterval);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--checkpoint-interval: not a duration ('" + checkpointInterval
                    + "'); give one such as 10s or 500ms");
        }
        if (interval.isZero() || interval.compareTo(LONGEST_CHECKPOINT_INTERVAL) > 0) {
            throw new IllegalArgumentException("--checkpoint-interval must be above 0 and at most 50s (the results' "
                    + "Kafka transactions time out after a minute); was " + checkpointInterval);
        }
        if (transactionalIdPrefix == null) {
            transactionalIdPrefix = groupId;
        }
    }

    /** How raw lines are read: their default host, and the hosts' account files (refused here if unusable). */
    public RawReading rawReading() {
        return new RawReading(host, passwd, group, null);
    }

    /** The jobs: the module's, or the job files' (read here, parsed and checked before a Flink job is built). */
    public JobSet jobSet() {
        if (module != null) {
            return new JobSet(module, prefix);
        }
        List<JobSet.JobJson> given = new ArrayList<>();
        for (int i = 0; i < jobFiles.size(); i++) {
            given.add(new JobSet.JobJson(jobFiles.get(i).toString(), read(jobFiles.get(i), "job"),
                    datafeedFiles.isEmpty() ? null : read(datafeedFiles.get(i), "datafeed")));
        }
        return JobSet.ofJson(given, prefix);
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + e);
        }
    }

    /** The Flink settings these arguments make: the checkpoint interval, the state backend when given. */
    public Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        if (stateBackend != null) {
            conf.set(StateBackendOptions.STATE_BACKEND, stateBackend.name());
        }
        return conf;
    }

    /** Whether only the arguments' description was asked for ({@link #usage}). */
    public boolean helpOnly() {
        return help;
    }

    public static String usage() {
        return new CommandLine(new FlinkJobArguments()).getUsageMessage();
    }
}

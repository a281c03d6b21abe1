package org.auditml.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar's main class as {@code flink run} starts it, on a MiniCluster against the in-process broker: the
 * demo fleet produced to a topic as Auditbeat's Kafka output would, the module's jobs given as job + datafeed files,
 * read to the topic's end ({@code --until-end}); the committed results are {@code analyze}'s. And a topic of raw
 * lines instead.
 */
class FlinkJobMainTest extends WithKafkaBroker {

    @Test
    void jobFilesOverKafka_giveTheResultsOfAnalyze(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString();
        String events = "auditbeat-" + run;
        String results = "auditml-results-" + run;
        KafkaTopics.create(broker.bootstrapServers(), events, 1);
        KafkaTopics.create(broker.bootstrapServers(), results, 1);
        KafkaTopics.produce(broker.bootstrapServers(), events, List.of(fleet.fleet.file()));
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(),
                "--events-topic", events, "--results-topic", results, "--group-id", "auditml-" + run,
                "--checkpoint-interval", "1s", "--state-backend", "hashmap", "--until-end"));
        // the module's jobs as a user would have them: job files with their datafeeds
        for (var job : new JobSet(AnalyzedFleet.MODULE, "").setUp()) {
            Path jobFile = Files.writeString(dir.resolve(job.job().jobId() + ".json"),
                    org.auditml.engine.job.JobParser.toJson(job.job()));
            Path feedFile = Files.writeString(dir.resolve("datafeed_" + job.job().jobId() + ".json"),
                    job.datafeed().toJson());
            args.addAll(List.of("--job", jobFile.toString(), "--datafeed", feedFile.toString()));
        }
        FlinkJobArguments arguments = FlinkJobArguments.parse(args.toArray(String[]::new));
        JobSet jobs = arguments.jobSet();
        assertThat(jobs.moduleId()).isNull();

        StreamExecutionEnvironment env = LocalFlink.environment(2, arguments.configuration());
        FlinkJobMain.build(env, arguments, jobs);
        env.execute("auditml " + jobs.name());
        List<String> docs = new ArrayList<>();
        KafkaTopics.readCommitted(broker.bootstrapServers(), results, docs::add);

        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }

    /** Raw auditd lines of five nodes in one topic ({@code --raw-topic}): reassembled per node, analyze's results. */
    @Test
    void aRawTopic_givesTheResultsOfAnalyzeOfTheLog() throws Exception {
        AnalyzedRawFleet raw = AnalyzedRawFleet.get();
        String run = UUID.randomUUID().toString();
        String lines = "audit-lines-" + run;
        String results = "auditml-results-" + run;
        KafkaTopics.create(broker.bootstrapServers(), lines, 1);
        KafkaTopics.create(broker.bootstrapServers(), results, 1);
        KafkaTopics.produce(broker.bootstrapServers(), lines, List.of(raw.rawLog));
        FlinkJobArguments arguments = FlinkJobArguments.parse("--bootstrap-servers", broker.bootstrapServers(),
                "--raw-topic", lines, "--results-topic", results, "--group-id", "auditml-" + run,
                "--module", AnalyzedFleet.MODULE, "--host", "demo-host", "--checkpoint-interval", "1s",
                "--until-end");

        StreamExecutionEnvironment env = LocalFlink.environment(2, arguments.configuration());
        FlinkJobMain.build(env, arguments, arguments.jobSet());
        env.execute("auditml raw");
        List<String> docs = new ArrayList<>();
        KafkaTopics.readCommitted(broker.bootstrapServers(), results, docs::add);

        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), raw.analyzed);
    }
}

package org.auditml.flink;

import org.junit.jupiter.api.AfterAll;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;


/**
 * Auditbeat events produced to a Kafka topic (of an in-process broker), run through the Flink job with checkpoints
 * and its exactly-once sink, read back committed: the result documents of {@code analyze}, each once.
 */
class KafkaParityTest {
    private static AnalyzedFleet fleet;
    private static KafkaBroker broker;

    @BeforeAll
    static void startTheBroker() throws Exception {
        fleet = AnalyzedFleet.get();
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopTheBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void kafkaInAndOutGivesTheResultsOfAnalyze(int parallelism) throws Exception {
        List<String> docs = new ArrayList<>();
        new FlinkLocalRun(List.of(fleet.fleet.file()), new JobSet(AnalyzedFleet.MODULE, ""), parallelism,
                broker.bootstrapServers()).run(docs::add);

        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }

    /**
     * The job fails mid-stream, after a checkpoint, and restarts from it: every key's series and the job-wide scoring
     * come back from the checkpoint, the sink's open transaction is dropped, and the committed results are those of a
     * run without failure.
     */
    @Test
    void aFailureMidStream_restoredFromACheckpoint_losesAndRepeatsNothing() throws Exception {
        String bootstrap = broker.bootstrapServers();
        KafkaTopics.create(bootstrap, "failure-events", 1);
        KafkaTopics.create(bootstrap, "failure-results", 1);
        KafkaTopics.produce(bootstrap, "failure-events", List.of(fleet.fleet.file()));
        StreamExecutionEnvironment env = LocalFlink.environment(2);
        env.enableCheckpointing(200);
        DataStream<String> lines = KafkaTopics.lines(env, bootstrap, "failure-events", "auditml-failure", true)
                .map(new FailOnceAfterACheckpoint(fleet.fleet.events() / 2)).setParallelism(1);
        KafkaTopics.write(AuditmlFlinkJob.results(lines, new JobSet(AnalyzedFleet.MODULE, "")), bootstrap,
                "failure-results", "auditml-failure");
        env.execute("auditml with a failure");
        List<String> docs = new ArrayList<>();
        KafkaTopics.readCommitted(bootstrap, "failure-results", docs::add);

        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }
}

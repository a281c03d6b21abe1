package org.auditml.flink;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Flink job through Kafka (a broker of its own, in process) with a failure injected mid-stream. */
class KafkaFailureTest extends WithKafkaBroker {
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

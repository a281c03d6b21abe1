package org.auditml.flink;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw audit lines of several hosts, interleaved in one Kafka topic (of an in-process broker) as hosts shipping their
 * own lines would interleave them, read by the Flink job: each node's events reassembled on their own, and the
 * result documents those {@code analyze} gives for the hosts' log on one machine.
 */
class RawKafkaTest {
    private static AnalyzedRawFleet fleet;
    private static KafkaBroker broker;

    @BeforeAll
    static void startTheBroker() throws Exception {
        fleet = AnalyzedRawFleet.get();
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
    void interleavedNodesFromKafkaGiveTheResultsOfAnalyze(int parallelism, @TempDir Path dir) throws Exception {
        Path interleaved = dir.resolve("interleaved.log");
        InterleavedNodes.write(fleet.rawLog, interleaved);
        String topic = "auditml-raw-" + UUID.randomUUID();
        KafkaTopics.create(broker.bootstrapServers(), topic, 1);
        assertThat(KafkaTopics.produce(broker.bootstrapServers(), topic, List.of(interleaved))).isGreaterThan(100_000);

        FlinkParityTest.assertSameResults(RawParityTest.onFlink(parallelism, env -> KafkaTopics.lines(env,
                broker.bootstrapServers(), topic, "auditml-" + topic, true)), fleet.analyzed);
    }
}

package org.auditml.flink;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;



/**
 * Auditbeat events produced to a Kafka topic (of an in-process broker), run through the Flink job with checkpoints
 * and its exactly-once sink, read back committed: the result documents of {@code analyze}, each once.
 */
class KafkaParityTest extends WithKafkaBroker {
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void kafkaInAndOutGivesTheResultsOfAnalyze(int parallelism) throws Exception {
        List<String> docs = new ArrayList<>();
        new FlinkLocalRun(List.of(fleet.fleet.file()), new JobSet(AnalyzedFleet.MODULE, ""), parallelism,
                broker.bootstrapServers()).run(docs::add);

        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }
}

package org.auditml.flink;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flink-local} without a Kafka address: a broker of the run's own, in process, and the results of analyze. */
class InProcessKafkaTest {
    @Test
    void aRunThroughABrokerOfItsOwn_givesTheResultsOfAnalyze() throws Exception {
        AnalyzedFleet fleet = AnalyzedFleet.get();
        List<String> docs = new ArrayList<>();

        new FlinkLocalRun(List.of(fleet.fleet.file()), new JobSet(AnalyzedFleet.MODULE, ""), 2,
                FlinkLocalRun.IN_PROCESS).run(docs::add);

        assertThat(docs).hasSizeGreaterThanOrEqualTo(fleet.analyzed.values().stream().mapToInt(List::size).sum());
        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }
}

package org.auditml.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo fleet's Auditbeat events give on Flink, at any parallelism, byte for byte the result documents
 * {@code analyze} gives on one machine: the host process module's rare and high-count jobs, partitioned by host.
 */
class FlinkParityTest {
    private static AnalyzedFleet fleet;

    @BeforeAll
    static void analyzeOnOneMachine() throws Exception {
        fleet = AnalyzedFleet.get();
        assertThat(fleet.analyzed.keySet()).containsExactly("hosts_high_count_process_events_ecs",
                "hosts_rare_process_activity_ecs");
        assertThat(fleet.analyzed.get("hosts_rare_process_activity_ecs"))
                .anySatisfy(d -> assertThat(d).contains("\"result_type\":\"record\"").contains("xxprimef"));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    void filesOnFlinkGiveTheResultsOfAnalyze(int parallelism) throws Exception {
        List<String> docs = new ArrayList<>();
        new FlinkLocalRun(List.of(fleet.fleet.file()), new JobSet(AnalyzedFleet.MODULE, ""), parallelism, null)
                .run(docs::add);

        assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }

    /**
     * With RocksDB, which keeps only each key's bytes, the same: the task keeps its keys' series live (a series read
     * back at every event would lose its rarity context, the running processes that name a rare program's parent).
     */
    @Test
    void withTheRocksDbStateBackend_theResultsOfAnalyze() throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        StreamExecutionEnvironment env = LocalFlink.environment(2, conf);
        env.enableCheckpointing(500);
        List<String> docs = new ArrayList<>();
        try (CloseableIterator<String> it = AuditmlFlinkJob.results(AuditmlFlinkJob.fileLines(env,
                List.of(fleet.fleet.file())), new JobSet(AnalyzedFleet.MODULE, "")).executeAndCollect("rocksdb")) {
            it.forEachRemaining(docs::add);
        }

        assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }

    @Test
    void aBadRunIsRefusedBeforeItStarts(@TempDir Path dir) {
        JobSet jobs = new JobSet(AnalyzedFleet.MODULE, "");
        assertThatThrownBy(() -> new FlinkLocalRun(List.of(dir.resolve("missing.ndjson")), jobs, 1, null))
                .hasMessage(dir.resolve("missing.ndjson") + ": no such file; give audit logs (raw, or Auditbeat JSON)");
        assertThatThrownBy(() -> new FlinkLocalRun(List.of(fleet.fleet.file()), jobs, 0, null))
                .hasMessage("--parallelism must be 1 or more; was 0");
        assertThatThrownBy(() -> new JobSet("no_such_module", ""))
                .hasMessage("no module 'no_such_module'; 'auditml modules' lists them");
    }

    static void assertSameResults(Map<String, List<String>> flink, Map<String, List<String>> analyzed) {
        assertThat(flink.keySet()).isEqualTo(analyzed.keySet());
        for (String job : analyzed.keySet()) {
            assertThat(flink.get(job)).as(job).hasSize(analyzed.get(job).size()).isEqualTo(analyzed.get(job));
        }
    }
}

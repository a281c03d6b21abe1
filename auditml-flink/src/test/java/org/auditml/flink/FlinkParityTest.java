package org.auditml.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.auditml.service.AnalysisReport;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.service.ResultDocuments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo fleet's Auditbeat events give on Flink, at any parallelism, byte for byte the result documents
 * {@code analyze} gives on one machine: the host process module's rare and high-count jobs, partitioned by host.
 */
class FlinkParityTest {
    private static final String MODULE = "auditbeat_process_hosts_ecs";
    private static AuditbeatFleet.Written fleet;
    private static Map<String, List<String>> analyzed;

    @BeforeAll
    static void analyzeOnOneMachine(@TempDir Path dir) throws Exception {
        fleet = AuditbeatFleet.write(dir, 2026);
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.duckdb"))) {
            AnalysisReport report = service.analyze(new AnalysisRequest(List.of(fleet.file()), List.of(MODULE),
                    List.of(), "", null, null, "demo-host"), IngestListener.NONE);
            List<String> docs = new ArrayList<>();
            report.results().forEach(r -> r.documents().forEach(d -> docs.add(ResultDocuments.json(d))));
            analyzed = ResultLines.byJob(docs);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    void flinkGivesTheResultsOfAnalyze(int parallelism) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism);
        List<String> docs = new ArrayList<>();
        try (CloseableIterator<String> it = AuditmlFlinkJob.results(
                AuditmlFlinkJob.fileLines(env, List.of(fleet.file())), new JobSet(MODULE, "")).executeAndCollect()) {
            it.forEachRemaining(docs::add);
        }
        Map<String, List<String>> flink = ResultLines.byJob(docs);

        assertThat(analyzed.keySet()).containsExactly("hosts_high_count_process_events_ecs",
                "hosts_rare_process_activity_ecs");
        assertThat(analyzed.get("hosts_rare_process_activity_ecs"))
                .anySatisfy(d -> assertThat(d).contains("\"result_type\":\"record\"").contains("xxprimef"));
        for (String job : analyzed.keySet()) {
            assertThat(flink.get(job)).as(job).hasSize(analyzed.get(job).size()).isEqualTo(analyzed.get(job));
        }
    }
}

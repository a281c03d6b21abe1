package org.auditml.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.module.Module;
import org.auditml.service.AnalysisReport;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.service.ResultDocuments;
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
 * Jobs of one's own, given as Elastic's job and datafeed JSON, give on Flink the result documents {@code analyze}
 * gives with the same files: a rare job in Kibana's export form with its datafeed beside it, and a count job with a
 * custom rule whose datafeed is given apart.
 */
class JsonJobParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Kibana export of one job, its datafeed beside it: rare executables per host, outside containers. */
    static final String RARE = """
            [{"job": {"job_id": "own_rare_executable",
                      "analysis_config": {"bucket_span": "30m",
                        "detectors": [{"function": "rare", "by_field_name": "process.executable",
                                       "partition_field_name": "host.name"}],
                        "influencers": ["host.name", "process.executable"]},
                      "data_description": {"time_field": "@timestamp"}},
              "datafeed": {"datafeed_id": "datafeed-own_rare_executable", "job_id": "own_rare_executable",
                           "indices": ["auditbeat-*"],
                           "query": {"bool": {"filter": [{"term": {"event.module": "auditd"}}],
                                              "must_not": [{"exists": {"field": "container.id"}}]}}}}]""";
    /** High event counts per host in 15 minutes, results skipped below 20 events (a rule without a filter). */
    static final String COUNT = """
            {"analysis_config": {"bucket_span": "15m",
               "detectors": [{"function": "high_count", "partition_field_name": "host.name",
                 "custom_rules": [{"actions": ["skip_result"],
                                   "conditions": [{"applies_to": "actual", "operator": "lt", "value": 20}]}]}],
               "influencers": ["host.name"]},
             "data_description": {"time_field": "@timestamp"}}""";
    static final String COUNT_FEED = """
            {"indices": ["auditbeat-*"], "query": {"term": {"event.module": "auditd"}}}""";
    static final List<JobSet.JobJson> GIVEN = List.of(new JobSet.JobJson("exports/rare.json", RARE, null),
            new JobSet.JobJson("jobs/own_event_count.json", COUNT, COUNT_FEED));

    private static AnalyzedFleet fleet;
    private static Map<String, List<String>> analyzed;

    @BeforeAll
    static void analyzeTheSameJobsOnOneMachine(@TempDir Path dir) throws Exception {
        fleet = AnalyzedFleet.get();
        List<Module.SetUpJob> jobs = new ArrayList<>();
        jobs.addAll(AuditmlService.jobFile(RARE, "rare", null).jobs());
        jobs.addAll(AuditmlService.jobFile(COUNT, "own_event_count", COUNT_FEED).jobs());
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.duckdb"))) {
            AnalysisReport report = service.analyze(new AnalysisRequest(List.of(fleet.fleet.file()), List.of(), jobs,
                    "", null, null, "demo-host"), IngestListener.NONE);
            List<String> docs = new ArrayList<>();
            report.results().forEach(r -> r.documents().forEach(d -> docs.add(ResultDocuments.json(d))));
            analyzed = ResultLines.byJob(docs);
        }
        assertThat(analyzed.keySet()).containsExactly("own_event_count", "own_rare_executable");
        assertThat(analyzed.get("own_rare_executable"))
                .anySatisfy(d -> assertThat(d).contains("\"result_type\":\"record\"").contains("xxprimef"));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void jobsGivenAsJsonGiveTheResultsOfAnalyze(int parallelism) throws Exception {
        List<String> docs = new ArrayList<>();
        new FlinkLocalRun(List.of(fleet.fleet.file()), JobSet.ofJson(GIVEN, ""), parallelism, null).run(docs::add);

        Map<String, List<String>> flink = ResultLines.byJob(docs);
        FlinkParityTest.assertSameResults(flink, analyzed);
        // the custom rule holds on Flink: no count record of fewer than 20 events
        List<JsonNode> records = new ArrayList<>();
        for (String d : flink.get("own_event_count")) {
            JsonNode n = JSON.readTree(d);
            if (n.path("result_type").asText().equals("record")) {
                records.add(n);
            }
        }
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.get("actual").get(0).asDouble())
                .isGreaterThanOrEqualTo(20));
    }

    @Test
    void aPrefix_goesBeforeEachJobsId_andItsDatafeeds() {
        JobSet jobs = JobSet.ofJson(GIVEN, "fleet_");
        assertThat(jobs.jobsById()).containsOnlyKeys("fleet_own_rare_executable", "fleet_own_event_count");
        assertThat(jobs.setUp()).allSatisfy(s -> assertThat(s.datafeed().jobId()).isEqualTo(s.job().jobId()));
        assertThat(jobs.name()).isEqualTo("fleet_own_event_count,fleet_own_rare_executable");
    }

    @Test
    void aBadJobIsRefusedBeforeAFlinkJobIsBuilt_namingTheFileAndField() {
        String typo = COUNT.replace("\"partition_field_name\"", "\"partition_feld_name\"");
        assertThatThrownBy(() -> JobSet.ofJson(List.of(new JobSet.JobJson("jobs/typo.json", typo, null)), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobs/typo.json: invalid job config")
                .hasMessageContaining("analysis_config.detectors[0].partition_feld_name");
        String badFeed = "{\"query\": {\"term\": {}}}";
        assertThatThrownBy(() -> JobSet.ofJson(List.of(new JobSet.JobJson("c.json", COUNT, badFeed)), ""))
                .hasMessageStartingWith("c.json: invalid datafeed config");
        assertThatThrownBy(() -> JobSet.ofJson(List.of(new JobSet.JobJson("rare.json", RARE, COUNT_FEED)), ""))
                .hasMessage("rare.json: job [own_rare_executable] has a datafeed in its file and another was given "
                        + "for it; keep one of them");
        String withFilter = COUNT.replace("\"conditions\"", "\"scope\": {\"host.name\": {\"filter_id\": \"safe\"}}, "
                + "\"conditions\"");
        assertThatThrownBy(() -> JobSet.ofJson(List.of(new JobSet.JobJson("f.json", withFilter, null)), ""))
                .hasMessageStartingWith("job [f]: custom rules that name a filter cannot run on Flink yet "
                        + "(analysis_config.detectors[0].custom_rules[0].scope.host.name.filter_id)");
        assertThatThrownBy(() -> JobSet.ofJson(List.of(GIVEN.get(0), GIVEN.get(0)), ""))
                .hasMessage("job [own_rare_executable] is given twice; job ids must differ");
    }
}

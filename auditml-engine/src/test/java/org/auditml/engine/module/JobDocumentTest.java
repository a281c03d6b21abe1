package org.auditml.engine.module;

import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.Job;
import org.auditml.engine.rule.RuleAction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Job files as Elastic users have them load as they are (fixtures: see the README beside them). */
class JobDocumentTest {
    private static String fixture(String name) throws IOException {
        try (InputStream in = JobDocumentTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void jobAsGetReturnsIt_loads_withItsDatafeedConfig_andNotesWhatWasIgnored() throws IOException {
        List<JobDocument.Loaded> jobs = JobDocument.read(fixture("get-anomaly-detectors.json"), "file-name");

        assertThat(jobs).hasSize(1);
        JobDocument.Loaded l = jobs.get(0);
        Job job = l.job();
        assertThat(job.jobId()).isEqualTo("linux_rare_process_by_host"); // the file's job_id, not its name
        assertThat(job.groups()).containsExactly("auditbeat", "process");
        assertThat(job.modelMemoryLimitBytes()).isEqualTo(256L << 20);
        assertThat(job.analysisConfig().detectors().get(0).customRules()).hasSize(1)
                .allSatisfy(r -> assertThat(r.scope()).containsKey("process.executable"));
        assertThat(l.datafeed().datafeedId()).isEqualTo("datafeed-linux_rare_process_by_host");
        assertThat(l.datafeed().indices()).containsExactly("auditbeat-*");
        assertThat(l.notes()).containsExactly(
                "job [linux_rare_process_by_host]: ignored what Elastic sets itself on a job: job_type, job_version, "
                        + "create_time, finished_time, model_snapshot_id, model_snapshot_min_version, deleting, blocked",
                "job [linux_rare_process_by_host]: ignored what Elastic sets itself on a datafeed: authorization");
    }

    @Test
    void kibanasExportArray_loadsEveryJobWithItsDatafeed() throws IOException {
        List<JobDocument.Loaded> jobs = JobDocument.read(fixture("kibana-export.json"), "ml-anomaly-detector-jobs");

        assertThat(jobs).extracting(l -> l.job().jobId())
                .containsExactly("linux_high_process_rate", "linux_rare_user", "linux_process_count");
        assertThat(jobs.get(0).datafeed().jobId()).isEqualTo("linux_high_process_rate");
        assertThat(jobs.get(0).job().analysisConfig().detectors().get(0).customRules().get(0).actions())
                .containsExactly(RuleAction.SKIP_RESULT);
        assertThat(jobs.get(1).datafeed().datafeedId()).isEqualTo("datafeed-linux_rare_user");
        assertThat(jobs.get(1).notes()).containsExactly(
                "job [linux_rare_user]: ignored what Elastic sets itself on a job: job_type, job_version, create_time");
        assertThat(jobs.get(2).datafeed()).isNull(); // the caller decides: a datafeed beside it, or every event
        assertThat(jobs.get(2).setUp(null).datafeed().datafeedId()).isEqualTo("datafeed-linux_process_count");
        assertThat(jobs.get(0).notes()).isEmpty();
        String given = "{\"indices\": [\"auditbeat-*\"]}";
        assertThat(jobs.get(2).setUp(given).datafeed().jobId()).isEqualTo("linux_process_count");
        assertThatThrownBy(() -> jobs.get(0).setUp(given)).as("which of two datafeeds was meant cannot be known")
                .hasMessage("job [linux_high_process_rate] has a datafeed in its file and another was given for it; "
                        + "keep one of them");
    }

    @Test
    void moduleWrapper_withoutJobId_takesTheFileName_andItsDatafeed() throws IOException {
        List<JobDocument.Loaded> jobs = JobDocument.read(fixture("module-job.json"), "docker_rare_process");

        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).job().jobId()).isEqualTo("docker_rare_process");
        assertThat(jobs.get(0).datafeed().jobId()).isEqualTo("docker_rare_process");
        assertThat(jobs.get(0).notes()).isEmpty();
    }

    @Test
    void aJobsOwnDatafeedConfig_withoutAnId_isNamedAfterTheJob_asElasticNamesIt() {
        List<JobDocument.Loaded> jobs = JobDocument.read("""
                {"job_id": "j", "analysis_config": {"detectors": [{"function": "count"}]},
                 "datafeed_config": {"indices": ["auditbeat-*"], "query": {"term": {"event.action": "executed"}}}}""",
                "x");

        assertThat(jobs.get(0).datafeed().datafeedId()).isEqualTo("j");
        assertThat(jobs.get(0).datafeed().jobId()).isEqualTo("j");
    }

    @Test
    void problems_nameTheirPlaceInTheFile() {
        String json = """
                [{"job": {"job_id": "a", "analysis_config": {"detectors": [{"function": "count"}]}}, "datafed": {}},
                 {"job_id": "b", "analysis_config": {"detectors": [{"function": "rare"}]}},
                 {"job": {"job_id": "c", "analysis_config": {"detectors": [{"function": "count"}]},
                          "datafeed_config": {"query": {"match_all": {}}}},
                  "datafeed": {"query": {"match_all": {}}}}]
                """;
        assertThatThrownBy(() -> JobDocument.read(json, "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[0].datafed: unknown field beside the job, did you mean 'datafeed'?")
                .hasMessageContaining("[1].analysis_config.detectors[0].by_field_name: must be set")
                .hasMessageContaining("[2].job.datafeed_config: the job has a datafeed beside it too");
    }

    @Test
    void aLoneJobWithoutId_takesTheFallback_butOneInAnArrayMustHaveItsOwn() {
        String job = "{\"analysis_config\": {\"detectors\": [{\"function\": \"count\"}]}}";
        assertThat(JobDocument.read(job, "from_file").get(0).job().jobId()).isEqualTo("from_file");
        assertThatThrownBy(() -> JobDocument.read("[" + job + ", " + job + "]", "from_file"))
                .hasMessageContaining("[0].job_id: must be set").hasMessageContaining("[1].job_id: must be set");
    }

    @Test
    void categorizationIsRefusedByName_butItsSwitchedOffFormsLoad() {
        String on = """
                {"analysis_config": {"detectors": [{"function": "count"}],
                  "per_partition_categorization": {"enabled": true}, "categorization_filters": ["\\\\d+"]}}""";
        assertThatThrownBy(() -> JobDocument.read(on, "j"))
                .hasMessageContaining("analysis_config.per_partition_categorization.enabled: per-partition "
                        + "categorization needs categorization")
                .hasMessageContaining("analysis_config.categorization_filters: categorization is not supported");
        String bad = """
                {"analysis_config": {"detectors": [{"function": "count"}]},
                 "data_description": {"format": "csv", "field_delimiter": ";;"}}""";
        assertThatThrownBy(() -> JobDocument.read(bad, "j"))
                .hasMessageContaining("data_description.format: must be xcontent or delimited; was 'csv'")
                .hasMessageContaining("data_description.field_delimiter: must be a single character; was ';;'");
    }
}

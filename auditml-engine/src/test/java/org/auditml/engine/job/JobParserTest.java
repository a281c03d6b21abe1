package org.auditml.engine.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobParserTest {
    /** Elastic's auditbeat_process_hosts_ecs rare job, as the Kibana module ships it (job id from the file name). */
    private static final String RARE_JOB = """
            {
              "job_type": "anomaly_detector",
              "description": "Auditbeat Hosts: Detect rare process executions on hosts (ECS)",
              "groups": ["auditd"],
              "analysis_config": {
                "bucket_span": "1h",
                "detectors": [{
                  "detector_description": "Rare process execution on hosts",
                  "function": "rare",
                  "by_field_name": "process.executable",
                  "partition_field_name": "host.name"
                }],
                "influencers": ["host.name", "process.executable"]
              },
              "analysis_limits": {"model_memory_limit": "256mb"},
              "data_description": {"time_field": "@timestamp", "time_format": "epoch_ms"},
              "custom_settings": {"created_by": "ml-module-auditbeat-process-hosts",
                "custom_urls": [{"url_name": "Process explorer", "time_range": "1h", "url_value": "x"}]}
            }
            """;

    @Test
    void parse_elasticModuleJob_givesTheJob() {
        Job job = JobParser.parse(RARE_JOB, "hosts_rare_process_activity_ecs");

        assertThat(job.jobId()).isEqualTo("hosts_rare_process_activity_ecs");
        assertThat(job.analysisConfig().bucketSpan()).isEqualTo(Duration.ofHours(1));
        Detector d = job.analysisConfig().detectors().get(0);
        assertThat(d.function()).isEqualTo(DetectorFunction.RARE);
        assertThat(d.byFieldName()).isEqualTo("process.executable");
        assertThat(d.partitionFieldName()).isEqualTo("host.name");
        assertThat(job.analysisConfig().influencers()).containsExactly("host.name", "process.executable");
        assertThat(job.modelMemoryLimitBytes()).isEqualTo(256L << 20);
        assertThat(job.customSettings().path("custom_urls").get(0).path("url_name").asText()).isEqualTo("Process explorer");
    }

    @Test
    void toJson_thenParse_givesTheSameJob() {
        Job job = JobParser.parse(RARE_JOB, "j1");
        assertThat(JobParser.parse(JobParser.toJson(job), null)).isEqualTo(job);
    }

    @Test
    void parse_unknownField_isRefusedWithTheNameItProbablyMeant() {
        String json = RARE_JOB.replace("\"partition_field_name\"", "\"partition_field\"");

        assertThatThrownBy(() -> JobParser.parse(json, "j1"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("analysis_config.detectors[0].partition_field");
                    assertThat(e.problems().get(0).reason()).isEqualTo("unknown field, did you mean 'partition_field_name'?");
                });
    }

    @Test
    void parse_rareWithoutByField_namesTheField() {
        String json = RARE_JOB.replace("\"by_field_name\": \"process.executable\",", "");

        assertThatThrownBy(() -> JobParser.parse(json, "j1")).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigException.Problem::toString).containsExactly(
                        "analysis_config.detectors[0].by_field_name: must be set when the 'rare' function is used"));
    }

    @Test
    void parse_severalProblems_reportsThemAll() {
        String json = """
                {"analysis_config": {"bucket_span": "one hour", "detectors": [
                   {"function": "hihg_count", "field_name": "x"},
                   {"function": "high_count", "field_name": "process.pid"},
                   {"function": "mean"}]},
                 "analysis_limits": {"model_memory_limit": "lots"}}
                """;

        assertThatThrownBy(() -> JobParser.parse(json, "Bad Id")).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigException.Problem::field).containsExactly(
                        "job_id", "analysis_config.bucket_span", "analysis_config.detectors[0].function",
                        "analysis_config.detectors[1].field_name", "analysis_config.detectors[2].field_name",
                        "analysis_limits.model_memory_limit"));
    }

    @Test
    void parse_aMemoryLimitBeyondWhatAuditmlHolds_isRefusedWithTheRealLimit() {
        String tb = """
                {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]},
                 "analysis_limits": {"model_memory_limit": "999999999tb"}}""";
        String mb = tb.replace("\"999999999tb\"", "99999999999999999");

        assertThatThrownBy(() -> JobParser.parse(tb, "j")).hasMessage("invalid job config: "
                + "analysis_limits.model_memory_limit: '999999999tb' is more than auditml can hold: at most 8388607tb");
        assertThatThrownBy(() -> JobParser.parse(mb, "j")).hasMessageContaining("at most 8796093022207mb");
    }

    @Test
    void parse_unknownFunction_suggestsTheClosest() {
        String json = RARE_JOB.replace("\"function\": \"rare\"", "\"function\": \"rar\"");

        assertThatThrownBy(() -> JobParser.parse(json, "j1")).hasMessageContaining("unknown function 'rar', did you mean 'rare'?");
    }

    @Test
    void parse_shortFunctionNames_areElastics() {
        String json = RARE_JOB.replace("\"function\": \"rare\"", "\"function\": \"high_nzc\"")
                .replace("\"by_field_name\": \"process.executable\",", "");

        assertThat(JobParser.parse(json, "j1").analysisConfig().detectors().get(0).function())
                .isEqualTo(DetectorFunction.HIGH_NON_ZERO_COUNT);
    }

    @Test
    void parse_nonZeroCountOverAField_isRefused() {
        String json = RARE_JOB.replace("\"function\": \"rare\"", "\"function\": \"non_zero_count\"")
                .replace("\"by_field_name\"", "\"over_field_name\"");

        assertThatThrownBy(() -> JobParser.parse(json, "j1")).hasMessageContaining(
                "analysis_config.detectors[0].over_field_name: must not be set when the 'non_zero_count' function is used");
    }

    @Test
    void parse_modelPruneWindow_mustBeAMultipleOfTheBucketSpan_andDefaultsAsElastics() {
        String pruned = RARE_JOB.replace("\"bucket_span\": \"1h\",", "\"bucket_span\": \"1h\", \"model_prune_window\": \"90m\",");
        assertThat(pruned).contains("model_prune_window");
        assertThatThrownBy(() -> JobParser.parse(pruned, "j1")).hasMessageContaining(
                "analysis_config.model_prune_window: must be a positive multiple of bucket_span (1h); was 90m");

        AnalysisConfig defaults = JobParser.parse(RARE_JOB, "j1").analysisConfig();
        assertThat(defaults.effectiveModelPruneWindow()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(JobParser.parse(pruned.replace("90m", "2h"), "j1").analysisConfig().effectiveModelPruneWindow())
                .isEqualTo(java.time.Duration.ofHours(2));
    }

    @Test
    void parse_multivariateByFields_isRefused() {
        String json = RARE_JOB.replace("\"bucket_span\": \"1h\",", "\"bucket_span\": \"1h\", \"multivariate_by_fields\": true,");
        assertThatThrownBy(() -> JobParser.parse(json, "j1")).hasMessageContaining(
                "analysis_config.multivariate_by_fields: multivariate analysis of by fields is not supported by auditml");
    }

    @Test
    void parse_renormalizationWindowDays_isKeptOrDefaultsAsElastics() {
        assertThat(JobParser.parse(RARE_JOB, "j1").renormalizationWindow()).isEqualTo(java.time.Duration.ofDays(30));
        String week = RARE_JOB.replace("\"job_type\": \"anomaly_detector\",", "\"job_type\": \"anomaly_detector\", \"renormalization_window_days\": 7,");
        assertThat(JobParser.parse(week, "j1").renormalizationWindow()).isEqualTo(java.time.Duration.ofDays(7));
        assertThatThrownBy(() -> JobParser.parse(week.replace(": 7,", ": -1,"), "j1"))
                .hasMessageContaining("renormalization_window_days: must be a positive whole number of days; was -1");
    }

    @Test
    void parse_notJson_saysWhere() {
        assertThatThrownBy(() -> JobParser.parse("{\"analysis_config\": ", "j1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid JSON");
    }

    private static String contextual(String function, String model) {
        return """
                {"analysis_config": {"bucket_span": "15m", "detectors": [
                  {"function": "%s", "field_name": "bytes", "auditml_model": %s}]}}
                """.formatted(function, model);
    }

    @Test
    void parse_auditmlModelContextual_givesItsSettingsAndSurvivesARoundTrip() {
        Job job = JobParser.parse(contextual("mean",
                "{\"type\": \"contextual\", \"value_range\": [0, 500.5], \"rest_buckets\": 12}"), "c");
        AuditmlModel m = job.analysisConfig().detectors().get(0).auditmlModel();
        assertThat(m.type()).isEqualTo("contextual");
        assertThat(m.min()).isZero();
        assertThat(m.max()).isEqualTo(500.5);
        assertThat(m.restBuckets()).isEqualTo(12);
        assertThat(JobParser.parse(JobParser.toJson(job), null)).isEqualTo(job);
    }

    @Test
    void parse_auditmlModelWithoutRest_takesCadOsesDefault_andElasticJobsHaveNone() {
        Job job = JobParser.parse(contextual("sum", "{\"type\": \"contextual\", \"value_range\": [1, 1]}"), "c");
        assertThat(job.analysisConfig().detectors().get(0).auditmlModel().restBuckets())
                .isEqualTo(AuditmlModel.DEFAULT_REST_BUCKETS);
        assertThat(JobParser.parse(RARE_JOB, "j").analysisConfig().detectors().get(0).auditmlModel()).isNull();
        assertThat(JobParser.toJson(JobParser.parse(RARE_JOB, "j"))).doesNotContain("auditml_model");
    }

    @Test
    void parse_badAuditmlModel_namesTheFieldAndWhy() {
        String at = "analysis_config.detectors[0].auditml_model";
        assertProblem(contextual("mean", "\"contextual\""), at, "must be an object like");
        assertProblem(contextual("mean", "{\"type\": \"cad\", \"value_range\": [0, 1]}"), at + ".type",
                "must be 'contextual'; was 'cad'");
        assertProblem(contextual("mean", "{\"value_range\": [0, 1]}"), at + ".type", "must be set");
        assertProblem(contextual("mean", "{\"type\": \"contextual\"}"), at + ".value_range", "must be set to [min, max]");
        assertProblem(contextual("mean", "{\"type\": \"contextual\", \"value_range\": [5, 1]}"), at + ".value_range",
                "min <= max");
        assertProblem(contextual("mean", "{\"type\": \"contextual\", \"value_range\": [0, \"9\"]}"),
                at + ".value_range", "two numbers");
        assertProblem(contextual("mean", "{\"type\": \"contextual\", \"value_range\": [0, 1], \"rest_buckets\": -1}"),
                at + ".rest_buckets", "whole number");
        assertProblem(contextual("mean", "{\"type\": \"contextual\", \"value_range\": [0, 1], \"rest_buckets\": 2.5}"),
                at + ".rest_buckets", "whole number");
        assertProblem(contextual("mean", "{\"type\": \"contextual\", \"value_range\": [0, 1], \"rest\": 2}"),
                at + ".rest", "unknown field");
        assertProblem(contextual("metric", "{\"type\": \"contextual\", \"value_range\": [0, 1]}"), at,
                "only a metric function");
        assertProblem("""
                {"analysis_config": {"detectors": [{"function": "count",
                  "auditml_model": {"type": "contextual", "value_range": [0, 1]}}]}}
                """, at, "'count' cannot");
        assertProblem("""
                {"analysis_config": {"detectors": [{"function": "mean", "field_name": "x", "over_field_name": "h",
                  "auditml_model": {"type": "contextual", "value_range": [0, 1]}}]}}
                """, at, "over_field_name");
    }

    private static void assertProblem(String json, String field, String reasonPart) {
        assertThatThrownBy(() -> JobParser.parse(json, "c")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.reason()).contains(reasonPart);
                }));
    }
}

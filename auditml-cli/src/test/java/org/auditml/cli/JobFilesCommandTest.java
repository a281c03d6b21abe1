package org.auditml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several jobs per run as Elastic users keep them (a folder of job files with their datafeed_<job>.json, Kibana's
 * export of several, --job repeated), with filters and calendars given as Elastic's bodies.
 */
class JobFilesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> docs(Path results) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<JsonNode> records(List<JsonNode> docs, String jobId) {
        return docs.stream().filter(d -> d.path("result_type").asText().equals("record")
                && d.path("job_id").asText().equals(jobId)).toList();
    }

    @Test
    void aFolderOfJobs_withADatafeedBeside_aFilterAndACalendar_runsEveryJobWithItsRules(@TempDir Path dir)
            throws Exception {
        Path log = DemoFleet.write(dir.resolve("fleet"), 7).rawLog();
        Path jobs = Files.createDirectories(dir.resolve("ml"));
        Files.writeString(jobs.resolve("rare_process.json"), """
                {"groups": ["linux"], "analysis_config": {"bucket_span": "1h",
                  "detectors": [{"function": "rare", "by_field_name": "process.executable",
                    "partition_field_name": "host.name",
                    "custom_rules": [{"scope": {"process.executable": {"filter_id": "known_good"}}}]}],
                  "influencers": ["host.name", "process.executable"]}}""");
        Files.writeString(jobs.resolve("datafeed_rare_process.json"), """
                {"job_id": "JOB_ID", "indexes": ["INDEX_PATTERN_NAME"],
                 "query": {"bool": {"filter": [{"exists": {"field": "process.executable"}}]}}}""");
        Files.writeString(jobs.resolve("process_rate.json"), """
                {"job_id": "bastion_rate", "groups": ["linux"], "analysis_config": {"bucket_span": "1h",
                  "detectors": [{"function": "high_non_zero_count", "partition_field_name": "host.name"}]}}""");
        Path filter = Files.writeString(dir.resolve("known_good.json"), """
                {"description": "the admins' cron jobs", "items": ["*/logrotate"]}""");
        Path calendar = Files.writeString(dir.resolve("maintenance.json"), """
                {"job_ids": ["linux"], "description": "planned work",
                 "events": [{"description": "bastion migration", "start_time": %d, "end_time": %d}]}"""
                .formatted(DemoFleet.STORM_HOUR, DemoFleet.STORM_HOUR + 3_600_000L));
        Path results = dir.resolve("results.ndjson");

        Cli cli = Cli.run("analyze", log.toString(), "--job", jobs.toString(), "--filter", filter.toString(),
                "--calendar", calendar.toString(), "--db", dir.resolve("db.duckdb").toString(),
                "--results", results.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<JsonNode> docs = docs(results);
        // the file's job_id is kept; the file name names the job without one
        assertThat(records(docs, "rare_process")).isNotEmpty()
                .noneSatisfy(r -> assertThat(r.path("by_field_value").asText()).endsWith("/logrotate"))
                .anySatisfy(r -> assertThat(r.path("by_field_value").asText()).isEqualTo("/tmp/.cache/xxprimef"));
        assertThat(records(docs, "bastion_rate")).isNotEmpty()
                .noneSatisfy(r -> assertThat(r.path("timestamp").asLong()).isEqualTo(DemoFleet.STORM_HOUR));
    }

    @Test
    void kibanasExport_andAnotherJob_runTogether_andTheIgnoredFieldsAreSaid(@TempDir Path dir) throws Exception {
        Path log = DemoFleet.write(dir.resolve("fleet"), 7).rawLog();
        Path export = Files.writeString(dir.resolve("ml-anomaly-detector-jobs.json"), """
                [{"job": {"job_id": "count_a", "job_version": "8.15.0", "create_time": 1727337600000,
                          "analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]}},
                  "datafeed": {"datafeed_id": "datafeed-count_a", "job_id": "count_a", "indices": ["auditbeat-*"],
                               "query": {"match_all": {}}}},
                 {"job": {"job_id": "count_b",
                          "analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]}}}]""");
        Path other = Files.writeString(dir.resolve("count_c.json"), """
                {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]}}""");
        Path results = dir.resolve("results.ndjson");

        Cli cli = Cli.run("analyze", log.toString(), "--job", export.toString(), "--job", other.toString(),
                "--db", dir.resolve("db.duckdb").toString(), "--results", results.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(docs(results)).extracting(d -> d.path("job_id").asText()).containsOnly("count_a", "count_b",
                "count_c").contains("count_a", "count_b", "count_c");
        assertThat(cli.err()).contains(export + ": job [count_a]: ignored what Elastic sets itself on a job: "
                + "job_version, create_time");
    }

    @Test
    void datafeedsThatDoNotPairWithJobs_areUsageErrors(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("a.log"), "");
        Path job = Files.writeString(dir.resolve("j.json"), """
                {"analysis_config": {"detectors": [{"function": "count"}]}}""");
        Path folder = Files.createDirectories(dir.resolve("jobs"));
        Files.copy(job, folder.resolve("j.json"));
        String db = dir.resolve("db.duckdb").toString();

        Cli twoJobsOneFeed = Cli.run("analyze", log.toString(), "--job", job.toString(), "--job", job.toString(),
                "--datafeed", job.toString(), "--db", db);
        Cli folderWithFeed = Cli.run("analyze", log.toString(), "--job", folder.toString(), "--datafeed",
                job.toString(), "--db", db);
        Cli sameJobTwice = Cli.run("analyze", log.toString(), "--job", job.toString(), "--job", job.toString(),
                "--db", db);
        Cli unknownFilter = Cli.run("analyze", log.toString(), "--job", Files.writeString(dir.resolve("r.json"), """
                {"analysis_config": {"detectors": [{"function": "count", "partition_field_name": "host.name",
                  "custom_rules": [{"scope": {"host.name": {"filter_id": "lab"}}}]}]}}""").toString(), "--db", db);

        assertThat(twoJobsOneFeed.exitCode()).isEqualTo(2);
        assertThat(twoJobsOneFeed.err()).contains("give one --datafeed per --job (2 jobs, 1 datafeeds)");
        assertThat(folderWithFeed.exitCode()).isEqualTo(2);
        assertThat(folderWithFeed.err()).contains("is a folder: its datafeeds are the datafeed_<job>.json files");
        assertThat(sameJobTwice.exitCode()).isEqualTo(2);
        assertThat(sameJobTwice.err()).contains("job [j] is given twice");
        assertThat(unknownFilter.exitCode()).isEqualTo(2);
        assertThat(unknownFilter.err()).contains("analysis_config.detectors[0].custom_rules[0].scope.host.name"
                + ".filter_id: no filter with id [lab] exists");
        assertThat(dir.resolve("db.duckdb")).doesNotExist();
    }
}

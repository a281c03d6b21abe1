package org.auditml.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.Result;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.store.AuditStore;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function family, split and extension, run over the demo fleet, gives the result documents it gave when
 * the fixture was written: first before the engine was split into series and job-wide scoring (which left them
 * unchanged), then again when the count model learnt each hour's spread, and when its tails were calibrated (each time only
 * the count-family jobs changed); then when the demo's log became auditd's enriched format and bucket influencers
 * Elastic's (a bucket_time entry for every bucket with records, a learning model's influence held below minor), and when
 * the miner's reason named its ancestry. To write the fixture again after an intended change of results: {@code -Dauditml.golden.write=true}.
 */
class BehaviourGoldenTest {
    private static final String FIXTURE = "/golden/demo-all-functions.ndjson.gz";

    /** Jobs that together use every detector function family, split, influencers, plots and auditml's extensions. */
    static final List<String> JOBS = List.of(
            """
            {"job_id": "g-rare-context", "analysis_config": {"bucket_span": "1h", "auditml_context": true,
              "detectors": [{"function": "rare", "by_field_name": "process.executable", "partition_field_name": "host.name"}],
              "influencers": ["host.name", "process.executable", "user.id", "container.name"]}}""",
            """
            {"job_id": "g-counts", "analysis_config": {"bucket_span": "1h",
              "detectors": [{"function": "high_count", "partition_field_name": "host.name"},
                            {"function": "low_non_zero_count", "by_field_name": "event.action", "partition_field_name": "host.name"},
                            {"function": "distinct_count", "field_name": "process.executable", "partition_field_name": "host.name"},
                            {"function": "non_zero_count", "by_field_name": "process.name", "partition_field_name": "container.name", "use_null": true}],
              "influencers": ["host.name", "process.name"]}}""",
            """
            {"job_id": "g-plot", "analysis_config": {"bucket_span": "1h",
              "detectors": [{"function": "high_count", "partition_field_name": "container.name"}]},
             "model_plot_config": {"enabled": true}}""",
            """
            {"job_id": "g-population", "analysis_config": {"bucket_span": "2h",
              "detectors": [{"function": "rare", "by_field_name": "process.name", "over_field_name": "host.name"},
                            {"function": "freq_rare", "by_field_name": "process.executable", "over_field_name": "user.id"},
                            {"function": "high_distinct_count", "field_name": "process.executable", "over_field_name": "host.name"},
                            {"function": "count", "over_field_name": "user.id", "partition_field_name": "host.name"}],
              "influencers": ["host.name", "user.id"]}}""",
            """
            {"job_id": "g-metrics", "analysis_config": {"bucket_span": "30m",
              "detectors": [{"function": "mean", "field_name": "process.pid", "partition_field_name": "host.name"},
                            {"function": "max", "field_name": "process.pid", "by_field_name": "process.name"},
                            {"function": "metric", "field_name": "process.pid", "partition_field_name": "host.name"},
                            {"function": "median", "field_name": "process.pid", "partition_field_name": "host.name"},
                            {"function": "varp", "field_name": "process.pid"},
                            {"function": "low_sum", "field_name": "process.pid", "partition_field_name": "host.name"},
                            {"function": "high_mean", "field_name": "process.pid", "over_field_name": "host.name"}],
              "influencers": ["host.name"]}}""",
            """
            {"job_id": "g-time", "analysis_config": {"bucket_span": "1h",
              "detectors": [{"function": "time_of_day", "by_field_name": "process.executable", "partition_field_name": "host.name"},
                            {"function": "time_of_week", "by_field_name": "user.id"}],
              "influencers": ["host.name"]}}""",
            """
            {"job_id": "g-frequent", "analysis_config": {"bucket_span": "1h", "latency": "30s",
              "detectors": [{"function": "high_info_content", "field_name": "process.executable", "over_field_name": "host.name"},
                            {"function": "count", "by_field_name": "process.name", "partition_field_name": "host.name", "exclude_frequent": "all"},
                            {"function": "high_count", "by_field_name": "process.name", "over_field_name": "host.name", "exclude_frequent": "over"}],
              "influencers": ["process.name"]}}""",
            """
            {"job_id": "g-contextual", "analysis_config": {"bucket_span": "1h",
              "detectors": [{"function": "mean", "field_name": "process.pid", "partition_field_name": "host.name",
                             "auditml_model": {"type": "contextual", "value_range": [0, 70000], "rest_buckets": 10}}],
              "influencers": ["host.name"]}}""");

    @Test
    void everyFunction_onTheDemoFleet_givesTheFixturesResults(@TempDir Path dir) throws Exception {
        List<String> docs = run(dir);

        if (Boolean.getBoolean("auditml.golden.write")) {
            // tests run in the project's root (see the parent pom), or in the module's own folder
            Path module = Files.isDirectory(Path.of("auditml-service")) ? Path.of("auditml-service") : Path.of(".");
            Path out = module.resolve("src/test/resources" + FIXTURE);
            Files.createDirectories(out.getParent());
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out))) {
                gz.write((String.join("\n", docs) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(docs).hasSizeGreaterThan(1000);
        assertThat(String.join("\n", docs) + "\n").isEqualTo(fixture());
    }

    static List<String> run(Path dir) throws IOException {
        DemoFleet.Written w = DemoFleet.write(dir, 2026);
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("demo-host")).read(List.of(w.rawLog(), w.containerLog()), events::add);
        List<Module.SetUpJob> jobs = new ArrayList<>();
        for (String json : JOBS) {
            String id = new ObjectMapper().readTree(json).path("job_id").asText();
            jobs.add(Module.SetUpJob.allEvents(JobParser.parse(json, id)));
        }
        ObjectMapper json = new ObjectMapper();
        List<String> docs = new ArrayList<>();
        try (AuditStore store = AuditStore.open(dir.resolve("golden.duckdb"))) {
            store.ingest("demo", events);
            for (Result r : new StoredAnalysis(store).run(jobs, Long.MIN_VALUE + 1, Long.MAX_VALUE)) {
                docs.add(json.writeValueAsString(r));
            }
        }
        return docs;
    }

    private static String fixture() throws IOException {
        try (InputStream in = BehaviourGoldenTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE + " (write it with -Dauditml.golden.write=true)").isNotNull();
            return new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

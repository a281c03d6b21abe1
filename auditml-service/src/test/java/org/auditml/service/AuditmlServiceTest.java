package org.auditml.service;

import org.auditml.engine.job.ConfigException;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workflow as every face runs it: ingest and analyse, then read back what was stored. */
class AuditmlServiceTest {

    @Test
    void analyze_theDemoFleet_reportsProgress_findsTheMiner_andStoresWhatItReturns(@TempDir Path dir) throws Exception {
        DemoFleet.Written w = DemoFleet.write(dir, 2026);
        List<String> heard = new ArrayList<>();
        long[] counters = new long[2];
        IngestListener listener = new IngestListener() {
            private LongSupplier bytes;
            private LongSupplier events;

            @Override
            public void started(long totalBytes, LongSupplier bytesRead, LongSupplier eventsRead) {
                heard.add("started " + (totalBytes > 0));
                bytes = bytesRead;
                events = eventsRead;
            }

            @Override
            public void phase(String phase) {
                heard.add(phase);
            }

            @Override
            public void finished() {
                heard.add("finished");
                counters[0] = bytes.getAsLong();
                counters[1] = events.getAsLong();
            }
        };
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.duckdb"))) {
            AnalysisReport report = service.analyze(new AnalysisRequest(List.of(w.rawLog(), w.containerLog()),
                    List.of("auditbeat_process_hosts_ecs"), List.of(), "", null, null, "demo-host"), listener);

            assertThat(heard).containsExactly("started true", "reading", "storing", "finished");
            assertThat(counters[1]).isEqualTo(w.events()).isEqualTo(report.ingest().events());
            assertThat(counters[0]).isPositive();
            assertThat(report.ran()).containsExactly("auditbeat_process_hosts_ecs");
            assertThat(report.liveJobs()).isEqualTo(2);
            assertThat(report.results()).filteredOn(r -> r instanceof AnomalyRecord a && a.recordScore() >= 75)
                    .extracting(r -> ((AnomalyRecord) r).byFieldValue()).contains("/tmp/.cache/xxprimef");

            // the store holds each bucket's bucket influencers as documents of their own too, as Elastic's index does
            List<String> stored = service.results(ResultQuery.all());
            assertThat(stored).containsExactlyInAnyOrderElementsOf(report.results().stream()
                    .flatMap(r -> r.documents().stream()).map(ResultDocuments::json).toList());
            assertThat(service.results(new ResultQuery("hosts_rare_process_activity_ecs", "record", 75.0)))
                    .singleElement().asString().contains("xxprimef");
            assertThat(service.jobIds()).containsExactly("hosts_high_count_process_events_ecs",
                    "hosts_rare_process_activity_ecs");
        }
    }

    @Test
    void setUpModule_withAPrefix_savesItsJobsAndDatafeeds(@TempDir Path dir) {
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.duckdb"))) {
            List<Module.SetUpJob> jobs = service.setUpModule("auditbeat_process_docker_ecs", "lab-");

            assertThat(jobs).extracting(j -> j.job().jobId()).containsExactly("lab-docker_high_count_process_events_ecs",
                    "lab-docker_rare_process_activity_ecs");
            assertThat(service.jobIds()).containsExactlyElementsOf(jobs.stream().map(j -> j.job().jobId()).toList());
            assertThat(service.datafeed("lab-docker_rare_process_activity_ecs")).hasValueSatisfying(feed ->
                    assertThat(feed).contains("\"datafeed_id\":\"datafeed-lab-docker_rare_process_activity_ecs\""));
        }
    }

    @Test
    void job_withADatafeedForAnotherJob_orAnAggregation_isRefusedWithTheFields() {
        String job = """
                {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "count"}]}}""";

        assertThatThrownBy(() -> AuditmlService.job(job, "mine", """
                {"job_id": "theirs", "query": {"match_all": {}}, "aggregations": {"buckets": {}}}"""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("job_id: is 'theirs' but the datafeed is given for job 'mine'")
                .hasMessageContaining("aggregations: not supported by auditml");
        assertThat(AuditmlService.job(job, "mine", null).datafeed().datafeedId()).isEqualTo("datafeed-mine");
    }

    @Test
    void module_unknown_isRefusedWithWhereToLook() {
        assertThatThrownBy(() -> AuditmlService.module("auditbeat_process_host_ecs"))
                .isInstanceOf(RequestException.class).hasMessage("no module 'auditbeat_process_host_ecs'; "
                        + "'auditml modules' lists them");
    }
}

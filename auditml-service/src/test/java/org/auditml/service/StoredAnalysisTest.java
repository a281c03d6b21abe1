package org.auditml.service;

import org.auditml.engine.module.Module;
import org.auditml.audit.AuditModules;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.store.AuditStore;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The store keeps events once and analysis state between runs. */
class StoredAnalysisTest {
    private static final long WEEK = 7 * 86_400_000L;

    private static List<AuditEvent> demoEvents(Path dir) throws Exception {
        DemoFleet.Written w = DemoFleet.write(dir, 7);
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("h")).read(List.of(w.rawLog(), w.containerLog()), events::add);
        return events;
    }

    private static List<Module.SetUpJob> jobs() {
        List<Module.SetUpJob> jobs = new ArrayList<>();
        AuditModules.builtIn().forEach(m -> jobs.addAll(m.setUp("")));
        return jobs;
    }

    @Test
    void ingestTwice_storesEachEventOnce(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = demoEvents(dir);
        try (AuditStore store = AuditStore.open(dir.resolve("db/auditml.duckdb"))) {
            AuditStore.Ingest first = store.ingest("demo", events);
            AuditStore.Ingest second = store.ingest("demo again", events);

            assertThat(first.newEvents()).isEqualTo(events.size());
            assertThat(second.events()).isEqualTo(events.size());
            assertThat(second.newEvents()).isZero();
            assertThat(store.eventCount()).isEqualTo(events.size());
        }
    }

    @Test
    void nextWeekAfterThisWeek_givesTheSameResultsAsBothAtOnce(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = demoEvents(dir);
        long split = DemoFleet.START + WEEK;
        List<AuditEvent> week1 = events.stream().filter(e -> e.timestampMillis() < split).toList();
        List<AuditEvent> week2 = events.stream().filter(e -> e.timestampMillis() >= split).toList();

        List<String> together = new ArrayList<>();
        try (AuditStore store = AuditStore.open(dir.resolve("together.duckdb"))) {
            store.ingest("both", events);
            new StoredAnalysis(store).run(jobs(), Long.MIN_VALUE + 1, Long.MAX_VALUE);
            jobs().forEach(j -> together.addAll(store.results(j.job().jobId())));
        }
        List<String> apart = new ArrayList<>();
        try (AuditStore store = AuditStore.open(dir.resolve("apart.duckdb"))) {
            store.ingest("week 1", week1);
            new StoredAnalysis(store).run(jobs(), Long.MIN_VALUE + 1, Long.MAX_VALUE);
            store.ingest("week 2", week2);
            new StoredAnalysis(store).run(jobs(), Long.MIN_VALUE + 1, Long.MAX_VALUE);
            jobs().forEach(j -> apart.addAll(store.results(j.job().jobId())));
        }
        assertThat(together).isNotEmpty();
        assertThat(apart).isEqualTo(together);
    }

    @Test
    void recordsAreRenormalised_whenALargerAnomalyComesLater(@TempDir Path dir) throws Exception {
        long hour = 3_600_000L;
        long start = DemoFleet.START;
        long moderate = start + (8 * 24 + 10) * hour;
        long huge = start + (10 * 24 + 10) * hour;
        java.util.Random r = new java.util.Random(11);
        List<AuditEvent> events = new ArrayList<>();
        for (long h = start; h < start + 12 * 24 * hour; h += hour) {
            int n = h == moderate ? 30 : h == huge ? 400 : 15 + r.nextInt(6);
            for (int i = 0; i < n; i++) {
                events.add(AuditEvent.builder(h + i * 1000L).put("host.name", "a").put("event.module", "auditd")
                        .put("process.executable", "/usr/bin/true").build());
            }
        }
        org.auditml.engine.job.Job job = org.auditml.engine.job.JobParser.parse("""
                {"analysis_config": {"bucket_span": "1h",
                  "detectors": [{"function": "high_count", "partition_field_name": "host.name"}],
                  "influencers": ["host.name"]}}""", "renorm");
        List<Module.SetUpJob> jobs = List.of(Module.SetUpJob.allEvents(job));
        try (AuditStore store = AuditStore.open(dir.resolve("renorm.duckdb"))) {
            store.ingest("synthetic", events);
            new StoredAnalysis(store).run(jobs, Long.MIN_VALUE + 1, Long.MAX_VALUE);
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<com.fasterxml.jackson.databind.JsonNode> records = new ArrayList<>();
            for (String doc : store.results("renorm", "record", Long.MIN_VALUE, Long.MAX_VALUE)) {
                records.add(json.readTree(doc));
            }
            com.fasterxml.jackson.databind.JsonNode early = records.stream()
                    .filter(d -> d.path("timestamp").asLong() == moderate).findFirst().orElseThrow();
            com.fasterxml.jackson.databind.JsonNode late = records.stream()
                    .filter(d -> d.path("timestamp").asLong() == huge).findFirst().orElseThrow();

            // the day-8 spike was the largest seen when it was scored; beside day 10's it is rescored lower
            assertThat(early.path("record_score").asDouble()).isLessThan(early.path("initial_record_score").asDouble());
            assertThat(late.path("record_score").asDouble()).isGreaterThanOrEqualTo(75);
            assertThat(late.path("record_score").asDouble()).isGreaterThan(early.path("record_score").asDouble());
            // and so is its bucket
            com.fasterxml.jackson.databind.JsonNode bucket = json.readTree(store.results("renorm", "bucket", moderate, Long.MAX_VALUE).get(0));
            assertThat(bucket.path("timestamp").asLong()).isEqualTo(moderate);
            assertThat(bucket.path("anomaly_score").asDouble()).isLessThan(bucket.path("initial_anomaly_score").asDouble());
            // and its influencer, host a
            com.fasterxml.jackson.databind.JsonNode influencer = json.readTree(store.results("renorm", "influencer", moderate, Long.MAX_VALUE).get(0));
            assertThat(influencer.path("timestamp").asLong()).isEqualTo(moderate);
            assertThat(influencer.path("influencer_field_value").asText()).isEqualTo("a");
            assertThat(influencer.path("influencer_score").asDouble())
                    .isLessThan(influencer.path("initial_influencer_score").asDouble());
        }
    }
}

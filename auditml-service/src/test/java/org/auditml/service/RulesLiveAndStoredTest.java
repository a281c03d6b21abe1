package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.calendar.Calendar;
import org.auditml.engine.calendar.ScheduledEvent;
import org.auditml.engine.module.Module;
import org.auditml.engine.rule.Filter;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.store.AuditStore;
import org.auditml.store.EventWriter;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules, filters and a calendar on the demo fleet ({@link DemoFleet}: a nightly logrotate, a never-seen miner on
 * web-02, an ssh/scp storm on the bastion): the known-good process is silenced, the storm falls in a maintenance
 * window, and the jobs give the same results run live while ingesting as run from the store after.
 */
class RulesLiveAndStoredTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;
    private static final String JOBS = """
            [{"job": {"job_id": "rare_process", "groups": ["linux"],
               "analysis_config": {"bucket_span": "1h",
                 "detectors": [{"function": "rare", "by_field_name": "process.executable",
                                "partition_field_name": "host.name" %s}],
                 "influencers": ["host.name", "process.executable"]}}},
             {"job": {"job_id": "process_rate", "groups": ["linux"],
               "analysis_config": {"bucket_span": "1h",
                 "detectors": [{"function": "high_non_zero_count", "partition_field_name": "host.name"}],
                 "influencers": ["host.name"]}}}]""".formatted(
            ", \"custom_rules\": [{\"scope\": {\"process.executable\": {\"filter_id\": \"known_good\"}}}]");
    private static final String PLAIN_JOBS = JOBS.substring(0, JOBS.indexOf(", \"custom_rules\""))
            + JOBS.substring(JOBS.indexOf("}}}]") + 4);

    private static List<Module.SetUpJob> jobs() {
        return AuditmlService.jobFile(JOBS, "jobs", null).jobs();
    }

    private static void setUp(AuditStore store) {
        Rulebook rules = new Rulebook(store);
        rules.replaceFilter(new Filter("known_good", "the admins' cron jobs", List.of("*/logrotate")));
        jobs().forEach(j -> store.putJob(j.job(), j.datafeed().toJson()));
        rules.replaceCalendar(new Calendar("maintenance", List.of("linux"), null), List.of(new ScheduledEvent(null,
                null, "bastion migration", DemoFleet.STORM_HOUR, DemoFleet.STORM_HOUR + HOUR, true, true, null)));
    }

    private static List<AuditEvent> events(Path dir) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("h")).read(List.of(DemoFleet.write(dir, 7).rawLog()), events::add);
        return events;
    }

    private static List<String> results(AuditStore store) {
        List<String> all = new ArrayList<>();
        jobs().forEach(j -> all.addAll(store.results(j.job().jobId())));
        return all;
    }

    private static List<JsonNode> records(List<String> docs, String jobId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String d : docs) {
            JsonNode n = JSON.readTree(d);
            if (n.path("result_type").asText().equals("record") && n.path("job_id").asText().equals(jobId)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void rulesAndCalendars_giveTheSameResultsLiveAndFromTheStore_andSilenceWhatTheySay(@TempDir Path dir)
            throws Exception {
        List<AuditEvent> events = events(dir);
        List<String> stored;
        try (AuditStore store = AuditStore.open(dir.resolve("stored.duckdb"))) {
            setUp(store);
            store.ingest("all", events);
            new StoredAnalysis(store).run(jobs(), Long.MIN_VALUE + 1, Long.MAX_VALUE);
            stored = results(store);
        }
        try (AuditStore store = AuditStore.open(dir.resolve("live.duckdb"))) {
            setUp(store);
            LiveAnalysis analysis = new LiveAnalysis(store, Long.MIN_VALUE + 1, Long.MAX_VALUE);
            analysis.add(jobs());
            try (EventWriter writer = store.writer("test")) {
                events.forEach(e -> {
                    writer.accept(e);
                    analysis.accept(e);
                });
                writer.finish();
            }
            assertThat(analysis.liveJobs()).isEqualTo(2);
            analysis.finish();
            assertThat(results(store)).isNotEmpty().isEqualTo(stored);
        }

        List<JsonNode> rare = records(stored, "rare_process");
        assertThat(rare).noneSatisfy(r -> assertThat(r.path("by_field_value").asText()).endsWith("/logrotate"));
        assertThat(rare).anySatisfy(r -> assertThat(r.path("by_field_value").asText()).isEqualTo("/tmp/.cache/xxprimef"));
        List<JsonNode> rate = records(stored, "process_rate");
        assertThat(rate).isNotEmpty()
                .noneSatisfy(r -> assertThat(r.path("timestamp").asLong()).isEqualTo(DemoFleet.STORM_HOUR));
    }

    @Test
    void withoutTheRuleAndCalendar_theSameRunHasTheirRecords(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = events(dir);
        assertThat(PLAIN_JOBS).doesNotContain("custom_rules");
        List<Module.SetUpJob> jobs = AuditmlService.jobFile(PLAIN_JOBS, "jobs", null).jobs();
        try (AuditStore store = AuditStore.open(dir.resolve("plain.duckdb"))) {
            store.ingest("all", events);
            new StoredAnalysis(store).run(jobs, Long.MIN_VALUE + 1, Long.MAX_VALUE);
            List<String> docs = results(store);
            assertThat(records(docs, "rare_process"))
                    .anySatisfy(r -> assertThat(r.path("by_field_value").asText()).endsWith("/logrotate"));
            assertThat(records(docs, "process_rate"))
                    .anySatisfy(r -> assertThat(r.path("timestamp").asLong()).isEqualTo(DemoFleet.STORM_HOUR));
        }
    }
}

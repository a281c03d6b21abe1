package org.auditml.service;

import org.auditml.engine.module.Module;
import org.auditml.engine.module.Modules;
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
        Modules.builtIn().forEach(m -> jobs.addAll(m.setUp("")));
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
}

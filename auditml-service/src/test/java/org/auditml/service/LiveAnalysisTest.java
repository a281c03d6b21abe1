package org.auditml.service;

import org.auditml.engine.module.Module;
import org.auditml.audit.AuditModules;
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

/** Jobs run on the events as read give what they give on the events read back from the store. */
class LiveAnalysisTest {
    private static final long WEEK = 7 * 86_400_000L;

    private static List<Module.SetUpJob> jobs() {
        List<Module.SetUpJob> jobs = new ArrayList<>();
        AuditModules.builtIn().forEach(m -> jobs.addAll(m.setUp("")));
        return jobs;
    }

    private static List<AuditEvent> read(Path file) {
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("h")).read(List.of(file), events::add);
        return events;
    }

    /** Ingests and analyses the events as analyze does; returns how many jobs ran live. */
    private static int analyseWhileStoring(AuditStore store, List<AuditEvent> events) {
        LiveAnalysis analysis = new LiveAnalysis(store, Long.MIN_VALUE + 1, Long.MAX_VALUE);
        analysis.add(jobs());
        try (EventWriter writer = store.writer("test")) {
            for (AuditEvent e : events) {
                writer.accept(e);
                analysis.accept(e);
            }
            writer.finish();
        }
        int live = analysis.liveJobs();
        analysis.finish();
        return live;
    }

    private static List<String> results(AuditStore store) {
        List<String> all = new ArrayList<>();
        jobs().forEach(j -> all.addAll(store.results(j.job().jobId())));
        return all;
    }

    private static List<String> storedAnalysis(Path db, List<AuditEvent> events) {
        try (AuditStore store = AuditStore.open(db)) {
            store.ingest("all", events);
            new StoredAnalysis(store).run(jobs(), Long.MIN_VALUE + 1, Long.MAX_VALUE);
            return results(store);
        }
    }

    @Test
    void logInOrder_runsLive_andGivesTheStoredAnalysisResults(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = read(DemoFleet.write(dir, 7).rawLog());
        List<String> expected = storedAnalysis(dir.resolve("stored.duckdb"), events);

        try (AuditStore store = AuditStore.open(dir.resolve("live.duckdb"))) {
            assertThat(analyseWhileStoring(store, events)).isEqualTo(jobs().size());
            assertThat(results(store)).isNotEmpty().isEqualTo(expected);
        }
    }

    @Test
    void filesNewestFirst_fallBackToTheStore_andGiveTheSameResults(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = read(DemoFleet.write(dir, 7).rawLog());
        long split = DemoFleet.START + WEEK;
        List<AuditEvent> newestFirst = new ArrayList<>(events.stream().filter(e -> e.timestampMillis() >= split).toList());
        newestFirst.addAll(events.stream().filter(e -> e.timestampMillis() < split).toList());
        List<String> expected = storedAnalysis(dir.resolve("stored.duckdb"), events);

        try (AuditStore store = AuditStore.open(dir.resolve("live.duckdb"))) {
            analyseWhileStoring(store, newestFirst);
            assertThat(results(store)).isEqualTo(expected);
        }
    }

    @Test
    void nextWeekAfterThisWeek_live_givesTheSameResultsAsBothAtOnce(@TempDir Path dir) throws Exception {
        DemoFleet.Written w = DemoFleet.write(dir, 7);
        List<AuditEvent> events = read(w.rawLog());
        events.addAll(read(w.containerLog()));
        long split = DemoFleet.START + WEEK;
        List<String> expected = storedAnalysis(dir.resolve("stored.duckdb"), events);

        try (AuditStore store = AuditStore.open(dir.resolve("live.duckdb"))) {
            analyseWhileStoring(store, events.stream().filter(e -> e.timestampMillis() < split).toList());
            analyseWhileStoring(store, events.stream().filter(e -> e.timestampMillis() >= split).toList());
            assertThat(results(store)).isEqualTo(expected);
        }
    }
}

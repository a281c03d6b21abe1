package org.auditml.beats;

import org.auditml.service.AuditmlService;
import org.auditml.testkit.AuditbeatEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunks of several Beats that wait while the store is busy go into the store in one commit. */
class BatchStoreTest {
    @TempDir
    Path dir;

    @Test
    void chunksThatWaitWhileOneIsStoredAreCommittedTogether() throws Exception {
        List<String> events = AuditbeatEvents.distinct(dir.resolve("fleet"), 500);
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.db"));
             BatchStore store = new BatchStore(service, line -> { })) {
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            synchronized (service) {
                // the service is busy with another caller: the first chunk is taken and waits for it
                stored.add(store.store("beats:10.0.0.1", events.subList(0, 100)));
                awaitTaken(store);
                for (int beat = 2; beat <= 5; beat++) {
                    stored.add(store.store("beats:10.0.0." + beat, events.subList((beat - 1) * 100, beat * 100)));
                }
                assertThat(store.waiting()).isEqualTo(4);
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get();
            assertThat(store.commits()).as("the first chunk, then the four that waited").isEqualTo(2);
            assertThat(service.eventCount()).isEqualTo(500);
        }
    }

    private static void awaitTaken(BatchStore store) throws InterruptedException {
        for (int i = 0; i < 500 && store.waiting() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(store.waiting()).as("the worker took the first chunk").isZero();
    }
}

package org.auditml.beats;

import org.auditml.read.AuditEvent;
import org.auditml.read.beat.BeatEventParser;
import org.auditml.service.AuditmlService;
import org.auditml.store.AuditStore;
import org.auditml.store.IngestLoss;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Parses a window's Auditbeat JSON and stores it through the service, on one thread of its own (the service takes
 * one caller at a time), so the event loops keep serving other Beats meanwhile. An event that is not Auditbeat JSON
 * is logged and skipped (sending it again would not make it one), and counted for its host with the batch.
 */
final class BatchStore implements AutoCloseable {
    private final AuditmlService service;
    private final BeatsServer.Log log;
    private final BeatEventParser parser = new BeatEventParser();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auditml-beats-store");
        t.setDaemon(true);
        return t;
    });

    BatchStore(AuditmlService service, BeatsServer.Log log) {
        this.service = service;
        this.log = log;
    }

    /** Stores events (all or part of a window) in one commit of the store. */
    CompletableFuture<AuditStore.Ingest> store(String source, List<String> jsonEvents) {
        return CompletableFuture.supplyAsync(() -> {
            List<AuditEvent> events = new ArrayList<>(jsonEvents.size());
            int rejected = 0;
            String reason = null;
            IngestLoss loss = new IngestLoss();
            for (String json : jsonEvents) {
                try {
                    events.add(parser.parse(json));
                } catch (IllegalArgumentException e) {
                    rejected++;
                    reason = e.getMessage();
                    loss.rejected(RejectedHost.of(json), 1);
                }
            }
            if (rejected > 0) {
                log.line("beats: " + source + " sent " + rejected + " events that are not Auditbeat JSON (" + reason
                        + "); skipped");
            }
            return service.ingestEvents(source, events, loss);
        }, worker);
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}

package org.auditml.beats;

import org.auditml.read.AuditEvent;
import org.auditml.read.beat.BeatEventParser;
import org.auditml.service.AuditmlService;
import org.auditml.store.IngestLoss;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses windows of Auditbeat JSON and stores them through the service, on one thread of its own (the service takes
 * one caller at a time), so the event loops keep serving other Beats meanwhile. The chunks that wait while one is
 * stored go into the store together, in one commit (a group commit): a fleet of Beats each sending a small window a
 * second costs a commit per round, not one per Beat. Each connection has one chunk waiting at most, so its ACKs stay
 * in order. An event that is not Auditbeat JSON is logged and skipped (sending it again would not make it one), and
 * counted for its host with the events.
 */
final class BatchStore implements AutoCloseable {
    /** The most events one commit takes when several chunks wait. */
    static final int GROUP_EVENTS = 16_384;

    private record Chunk(String source, List<String> jsonEvents, CompletableFuture<Void> stored) {
    }

    private final AuditmlService service;
    private final BeatsServer.Log log;
    private final BeatEventParser parser = new BeatEventParser();
    private final BlockingQueue<Chunk> waiting = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;
    private final AtomicLong commits = new AtomicLong();

    BatchStore(AuditmlService service, BeatsServer.Log log) {
        this.service = service;
        this.log = log;
        this.worker = new Thread(this::storeWhileOpen, "auditml-beats-store");
        worker.setDaemon(true);
        worker.start();
    }

    /** Stores events (all or part of a window) in a commit of the store; completes once they are durable. */
    CompletableFuture<Void> store(String source, List<String> jsonEvents) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (closed) {
            stored.completeExceptionally(new IllegalStateException("the Beats server is stopping"));
        } else {
            waiting.add(new Chunk(source, jsonEvents, stored));
        }
        return stored;
    }

    private void storeWhileOpen() {
        List<Chunk> group = new ArrayList<>();
        while (!closed || !waiting.isEmpty()) {
            Chunk first;
            try {
                first = waiting.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            group.add(first);
            int events = first.jsonEvents().size();
            for (Chunk next = waiting.peek(); next != null && events + next.jsonEvents().size() <= GROUP_EVENTS;
                 next = waiting.peek()) {
                group.add(waiting.poll());
                events += next.jsonEvents().size();
            }
            storeGroup(group);
            group.clear();
        }
    }

    private void storeGroup(List<Chunk> group) {
        List<AuditEvent> events = new ArrayList<>();
        IngestLoss loss = new IngestLoss();
        Set<String> sources = new LinkedHashSet<>();
        for (Chunk chunk : group) {
            sources.add(chunk.source());
            int rejected = 0;
            String reason = null;
            for (String json : chunk.jsonEvents()) {
                try {
                    events.add(parser.parse(json));
                } catch (IllegalArgumentException e) {
                    rejected++;
                    reason = e.getMessage();
                    loss.rejected(RejectedHost.of(json), 1);
                }
            }
            if (rejected > 0) {
                log.line("beats: " + chunk.source() + " sent " + rejected + " events that are not Auditbeat JSON ("
                        + reason + "); skipped");
            }
        }
        try {
            service.ingestEvents(sources.size() == 1 ? sources.iterator().next() : "beats (" + sources.size()
                    + " connections)", events, loss);
            commits.incrementAndGet();
            group.forEach(chunk -> chunk.stored().complete(null));
        } catch (RuntimeException | Error e) {
            group.forEach(chunk -> chunk.stored().completeExceptionally(e));
        }
    }

    /** The commits made so far. */
    long commits() {
        return commits.get();
    }

    /** The chunks handed over and not yet taken to be stored. */
    int waiting() {
        return waiting.size();
    }

    /** Stores what waits, then ends the worker; chunks handed over later are refused. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

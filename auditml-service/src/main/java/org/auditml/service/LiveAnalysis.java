package org.auditml.service;

import org.auditml.audit.AuditEventView;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.Result;
import org.auditml.read.AuditEvent;
import org.auditml.store.AuditStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs jobs on events as they are read, while they are being stored, and gives the results {@link StoredAnalysis}
 * would give after the ingest: reading everything back from the store would cost more than reading the log.
 *
 * <p>The two agree when the jobs see the same events in the same order. Events are put in the store's order by an
 * {@link EventOrder}, and repeats are dropped as the store drops them. What cannot be had that way is left to
 * {@link StoredAnalysis} once the events are stored: a job whose stored history goes past its watermark (its
 * earlier events must come in between), a job added after events went by (a module recognised late in the data), and
 * every job when the input is out of order beyond the {@link EventOrder}'s slack (one file holding a later period
 * before an earlier one: files side by side are merged by time as they are read, see
 * {@link org.auditml.read.AuditReader#readMergedByTime}).
 */
public final class LiveAnalysis {
    private final AuditStore store;
    private final long start;
    private final long end;
    private final long storedBefore;
    private final List<String> added = new ArrayList<>();
    private final List<ResumedJob> live = new ArrayList<>();
    private final List<Module.SetUpJob> fromStore = new ArrayList<>();
    private final EventOrder order = new EventOrder(this::feed);
    private final List<Result> produced = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** The live jobs' outcomes, committed once every event is stored. */
    private final List<ResumedJob.Outcome> finished = new ArrayList<>();
    private boolean liveFinished;

    /** Opens the analysis of [start, end) before the ingest starts (it notes what the store already holds). */
    public LiveAnalysis(AuditStore store, long start, long end) {
        this.store = store;
        this.start = start;
        this.end = end;
        this.storedBefore = store.latestEventTime();
    }

    /** Adds jobs; those that cannot be run live are run from the store by {@link #finish}. */
    public void add(List<Module.SetUpJob> jobs) {
        for (Module.SetUpJob j : jobs) {
            added.add(j.job().jobId());
            if (order.started() || liveFinished) {
                fromStore.add(j);
                continue;
            }
            ResumedJob r = ResumedJob.open(store, j, start);
            if (r.watermark() >= storedBefore || r.watermark() >= end - 1) {
                live.add(r);
            } else {
                fromStore.add(j);
            }
        }
    }

    /** Takes an event as read (not after {@link #finishLive}). */
    public void accept(AuditEvent event) {
        if (!order.add(event) && !live.isEmpty()) {
            live.forEach(r -> fromStore.add(r.setUp()));
            live.clear();
        }
    }

    private void feed(AuditEvent event) {
        if (live.isEmpty() || event.timestampMillis() >= end) {
            return;
        }
        AuditEventView view = new AuditEventView(event);
        for (ResumedJob r : live) {
            r.offer(view);
        }
    }

    /** What the jobs should tell their user, once {@link #finish} has run them all. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Jobs run on the events as read (the others run from the store in {@link #finish}). */
    public int liveJobs() {
        return live.size();
    }

    /** Whether any job was added. */
    public boolean hasJobs() {
        return !added.isEmpty();
    }

    /**
     * Finishes the jobs run on the events as read (snapshots, closing buckets, renormalisation) once the input is
     * read: this may go on while the last events are still being stored, which it does not need. Their outcomes are
     * committed by {@link #finish}, after the events: a store never holds a job's results without the events they
     * came from. Jobs added after this run from the store.
     */
    public void finishLive() {
        if (liveFinished) {
            return;
        }
        liveFinished = true;
        order.drain();
        if (order.broken()) {
            live.forEach(r -> fromStore.add(r.setUp()));
            live.clear();
        }
        for (ResumedJob r : live) {
            finished.add(r.finish(store));
        }
    }

    /**
     * Ends the analysis once every event is stored: finishes the live jobs (if {@link #finishLive} has not) and
     * commits them, job by job, then runs the others from the store. Returns this run's results, job by job in the
     * order the jobs were added.
     */
    public List<Result> finish() {
        finishLive();
        finished.forEach(outcome -> {
            warnings.addAll(outcome.warnings());
            produced.addAll(ResumedJob.commit(store, outcome));
        });
        finished.clear();
        StoredAnalysis stored = new StoredAnalysis(store);
        produced.addAll(stored.run(fromStore, start, end));
        warnings.addAll(stored.warnings());
        Map<String, List<Result>> byJob = new HashMap<>();
        produced.forEach(r -> byJob.computeIfAbsent(r.jobId(), id -> new ArrayList<>()).add(r));
        List<Result> all = new ArrayList<>(produced.size());
        added.forEach(id -> all.addAll(byJob.getOrDefault(id, List.of())));
        return all;
    }
}

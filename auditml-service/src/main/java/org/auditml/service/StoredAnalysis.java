package org.auditml.service;

import org.auditml.audit.AuditEventView;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.Result;
import org.auditml.store.AuditStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs jobs over the events of a store and keeps their state there, so that analysis goes on where it stopped:
 * analysing next week's logs after this week's gives the same results as analysing both at once. Events are read
 * back in the order (time, host, serial); each job resumes as a {@link ResumedJob}.
 */
public final class StoredAnalysis {
    private final AuditStore store;
    private final List<String> warnings = new ArrayList<>();

    public StoredAnalysis(AuditStore store) {
        this.store = store;
    }

    /** What the jobs run so far should tell their user (see {@link ResumedJob.Outcome#warnings}). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Runs the jobs over the stored events in [start, end); returns the results this run produced. */
    public List<Result> run(List<Module.SetUpJob> jobs, long start, long end) {
        List<ResumedJob> running = new ArrayList<>();
        long from = Long.MAX_VALUE;
        for (Module.SetUpJob j : jobs) {
            ResumedJob r = ResumedJob.open(store, j, start);
            running.add(r);
            from = Math.min(from, r.watermark());
        }
        if (!running.isEmpty()) {
            store.forEachEvent(from, end, event -> {
                AuditEventView view = new AuditEventView(event);
                for (ResumedJob r : running) {
                    r.offer(view);
                }
            });
        }
        List<Result> all = new ArrayList<>();
        for (ResumedJob r : running) {
            ResumedJob.Outcome outcome = r.finish(store);
            warnings.addAll(outcome.warnings());
            all.addAll(ResumedJob.commit(store, outcome));
        }
        return all;
    }
}

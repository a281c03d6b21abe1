package org.auditml.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.AnomalyJob;
import org.auditml.engine.JobState;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.Result;
import org.auditml.read.AuditEvent;
import org.auditml.store.AuditStore;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs jobs over the events of a store and keeps their state there, so that analysis goes on where it stopped:
 * analysing next week's logs after this week's gives the same results as analysing both at once. Each job resumes
 * from its snapshot (taken before the final flush, so its last bucket stays open) and takes only events later than
 * the last it saw; the results of the buckets it closes again replace the earlier ones.
 */
public final class StoredAnalysis {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditStore store;

    public StoredAnalysis(AuditStore store) {
        this.store = store;
    }

    private static final class Running {
        final AnomalyJob job;
        final Module.SetUpJob setUp;
        final long watermark;
        long last;
        final List<Result> results = new ArrayList<>();

        Running(AnomalyJob job, Module.SetUpJob setUp, long watermark) {
            this.job = job;
            this.setUp = setUp;
            this.watermark = watermark;
            this.last = watermark;
        }
    }

    /** Runs the jobs over the stored events in [start, end); returns the results this run produced. */
    public List<Result> run(List<Module.SetUpJob> jobs, long start, long end) {
        List<Running> running = new ArrayList<>();
        long from = Long.MAX_VALUE;
        for (Module.SetUpJob j : jobs) {
            store.putJob(j.job());
            Running r = store.snapshot(j.job().jobId())
                    .map(s -> {
                        JobState state = read(s.state());
                        long reopenFrom = state.openBuckets().isEmpty() ? s.watermark() + 1 : state.openBuckets().get(0).start();
                        store.deleteResults(j.job().jobId(), reopenFrom);
                        return new Running(AnomalyJob.restore(j.job(), state), j, s.watermark());
                    })
                    .orElseGet(() -> new Running(new AnomalyJob(j.job()), j, start - 1));
            running.add(r);
            from = Math.min(from, r.watermark);
        }
        java.util.function.Consumer<AuditEvent> feed = event -> {
            AuditEventView view = new AuditEventView(event);
            long t = event.timestampMillis();
            for (Running r : running) {
                if (t <= r.watermark) {
                    continue;
                }
                r.results.addAll(r.setUp.datafeed().matches(view) ? r.job.accept(view) : r.job.advanceTo(t));
                r.last = Math.max(r.last, t);
            }
        };
        store.forEachEvent(from, end, feed);
        List<Result> all = new ArrayList<>();
        for (Running r : running) {
            store.putSnapshot(new AuditStore.Snapshot(r.job.job().jobId(), r.last, write(r.job.toState())));
            r.results.addAll(r.job.flush());
            store.putResults(r.results);
            all.addAll(r.results);
        }
        return all;
    }

    private static JobState read(String json) {
        try {
            return JSON.readValue(json, JobState.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored snapshot cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JobState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

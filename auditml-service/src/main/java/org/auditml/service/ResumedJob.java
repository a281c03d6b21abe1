package org.auditml.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.engine.JobState;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.Result;
import org.auditml.store.AuditStore;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A job going on where it stopped: restored from its snapshot (taken before the final flush, so its last bucket
 * stays open), it takes only events later than the last it saw; the results of the buckets it closes again replace
 * the earlier ones. A job without a snapshot starts fresh from the analysis start.
 */
final class ResumedJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Module.SetUpJob setUp;
    private final AnomalyJob job;
    private final long watermark;
    private long last;
    private final List<Result> results = new ArrayList<>();

    private ResumedJob(Module.SetUpJob setUp, AnomalyJob job, long watermark) {
        this.setUp = setUp;
        this.job = job;
        this.watermark = watermark;
        this.last = watermark;
    }

    /** Saves the job's config, restores its model and deletes the results it will produce again. */
    static ResumedJob open(AuditStore store, Module.SetUpJob setUp, long start) {
        store.putJob(setUp.job(), setUp.datafeedJson());
        return store.snapshot(setUp.job().jobId())
                .map(s -> {
                    JobState state = read(s.state());
                    long reopenFrom = state.openBuckets().isEmpty() ? s.watermark() + 1 : state.openBuckets().get(0).start();
                    store.deleteResults(setUp.job().jobId(), reopenFrom);
                    return new ResumedJob(setUp, AnomalyJob.restore(setUp.job(), state), s.watermark());
                })
                .orElseGet(() -> new ResumedJob(setUp, new AnomalyJob(setUp.job()), start - 1));
    }

    Module.SetUpJob setUp() {
        return setUp;
    }

    /** The time of the last event the job took before this run; it takes only later ones. */
    long watermark() {
        return watermark;
    }

    /** Takes an event (events come in time order); one the job saw before is skipped. */
    void offer(EventView event) {
        long t = event.timestampMillis();
        if (t <= watermark) {
            return;
        }
        results.addAll(setUp.datafeed().matches(event) ? job.accept(event) : job.advanceTo(t));
        last = Math.max(last, t);
    }

    /** Saves the model state, closes the open buckets, stores the results; returns this run's results. */
    List<Result> finish(AuditStore store) {
        store.putSnapshot(new AuditStore.Snapshot(job.job().jobId(), last, write(job.toState())));
        results.addAll(job.flush());
        store.putResults(results);
        return results;
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

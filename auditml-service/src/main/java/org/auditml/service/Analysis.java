package org.auditml.service;

import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.engine.job.Job;
import org.auditml.engine.module.Module;
import org.auditml.engine.query.EventQuery;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs jobs over events that arrive in time order: each job gets the events its datafeed selects within [start, end),
 * and its results are kept for ranking. Events out of time order beyond a job's latency are dropped by the job and
 * counted there.
 */
public final class Analysis {
    private final List<Running> jobs = new ArrayList<>();
    private final long startMillis;
    private final long endMillis;
    private long events;

    /** A job with the query that feeds it and what it has produced. */
    public record Running(AnomalyJob job, EventQuery datafeed, List<Result> results) {
    }

    public Analysis(long startMillis, long endMillis) {
        this.startMillis = startMillis;
        this.endMillis = endMillis;
    }

    public Analysis add(Job job, EventQuery datafeed) {
        jobs.add(new Running(new AnomalyJob(job), datafeed, new ArrayList<>()));
        return this;
    }

    public Analysis add(Module module, String prefix) {
        module.setUp(prefix).forEach(j -> add(j.job(), j.datafeed()));
        return this;
    }

    public void accept(EventView event) {
        long t = event.timestampMillis();
        if (t < startMillis || t >= endMillis) {
            return;
        }
        events++;
        for (Running r : jobs) {
            if (r.datafeed().matches(event)) {
                r.results().addAll(r.job().accept(event));
            } else {
                r.results().addAll(r.job().advanceTo(t));
            }
        }
    }

    /** Closes the open buckets of every job (end of input). */
    public void finish() {
        for (Running r : jobs) {
            r.results().addAll(r.job().flush());
        }
    }

    public long events() {
        return events;
    }

    public List<Running> jobs() {
        return List.copyOf(jobs);
    }

    /** Every result of every job, job by job, in the order they were produced. */
    public List<Result> results() {
        List<Result> all = new ArrayList<>();
        jobs.forEach(r -> all.addAll(r.results()));
        return all;
    }

    /** Records of all jobs, highest score first (ties: earlier first, then job id). */
    public List<AnomalyRecord> ranked() {
        List<AnomalyRecord> records = new ArrayList<>();
        for (Result r : results()) {
            if (r instanceof AnomalyRecord rec) {
                records.add(rec);
            }
        }
        records.sort(Comparator.comparingDouble(AnomalyRecord::recordScore).reversed()
                .thenComparingLong(AnomalyRecord::timestamp).thenComparing(AnomalyRecord::jobId));
        return records;
    }

    /** Results counted by job and type, for a summary. */
    public Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (Running r : jobs) {
            Map<String, Long> byType = new LinkedHashMap<>();
            r.results().forEach(x -> byType.merge(x.resultType(), 1L, Long::sum));
            counts.put(r.job().job().jobId(), byType);
        }
        return counts;
    }
}

package org.auditml.service;

import org.auditml.audit.AuditEventView;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.Result;
import org.auditml.service.alert.Alerting;
import org.auditml.store.AlertTable;
import org.auditml.store.AuditStore;
import org.auditml.store.LateEvents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of a real-time datafeed, as Elastic's runs: its job takes the stored events of the buckets that have closed
 * since its last run, {@code [watermark, floor((now - query_delay) / bucket_span) * bucket_span)}, and commits, in one
 * transaction, their results, its snapshot, the alerts of their anomalies, and what each closed bucket held. Events
 * stored later in a closed bucket are late: the job never takes them; each run looks for them in its check window
 * (Elastic's default: 8 bucket spans, at least 2 hours) and counts them per job ({@link LateEvents}).
 */
final class RealTimeRun {
    private static final Duration MIN_CHECK_WINDOW = Duration.ofHours(2);

    private final AuditStore store;
    private final Module.SetUpJob setUp;
    private final long span;

    RealTimeRun(AuditStore store, Module.SetUpJob setUp) {
        this.store = store;
        this.setUp = setUp;
        this.span = setUp.job().analysisConfig().bucketSpan().toMillis();
    }

    /** The end of the last bucket closed at {@code now}, query delay included. */
    long closedEnd(long now) {
        return Math.floorDiv(now - setUp.datafeed().queryDelay().toMillis(), span) * span;
    }

    /** How long back each run looks for late events. */
    long checkWindow() {
        return Math.max(MIN_CHECK_WINDOW.toMillis(), 8 * span);
    }

    /** What a run did: the span of time it took events from, the results it made, how many stored events it read. */
    record Outcome(long from, long to, List<Result> results, long eventsRead) {
    }

    /**
     * Runs the job over the buckets closed at {@code now} (a job without a snapshot from {@code start}); returns this
     * run's results (none when no bucket closed since the last run) and how many events it read.
     */
    Outcome run(long now, long start, Alerting alerting) {
        long end = closedEnd(now);
        String jobId = setUp.job().jobId();
        long from = store.snapshot(jobId).map(s -> s.watermark() + 1).orElse(start);
        List<LateEvents.Bucket> buckets = new ArrayList<>(from > Long.MIN_VALUE + checkWindow() ? lateBuckets(from)
                : List.of());
        if (end <= from) {
            store.lateEvents().update(jobId, buckets); // late events are looked for on every run
            return new Outcome(from, from, List.of(), 0);
        }
        ResumedJob job = ResumedJob.open(store, setUp, start);
        long[] read = {0};
        Map<Long, long[]> held = new TreeMap<>(); // bucket -> {events stored, events taken}
        // only buckets the run reads whole: the first may have begun before the watermark
        long recordFrom = Math.max(from, end - checkWindow());
        for (long b = Math.floorDiv(recordFrom + span - 1, span) * span; b < end; b += span) {
            held.put(b, new long[2]);
        }
        store.forEachEvent(job.watermark(), end, event -> {
            read[0]++;
            AuditEventView view = new AuditEventView(event);
            boolean taken = job.offer(view);
            long[] counts = held.get(Math.floorDiv(view.timestampMillis(), span) * span);
            if (counts != null) {
                counts[0]++;
                counts[1] += taken ? 1 : 0;
            }
        });
        held.forEach((b, counts) -> buckets.add(new LateEvents.Bucket(b, counts[0], counts[1], 0)));
        ResumedJob.Outcome outcome = job.finishClosed(store, end);
        List<AlertTable.Alert> alerts = alerting.alertsFor(setUp.job(), outcome.produced(), now);
        store.commitJob(outcome.snapshot(), outcome.replaceFrom(), outcome.stored(), alerts, buckets);
        return new Outcome(from, end, outcome.produced(), read[0]);
    }

    /**
     * The recorded buckets of the check window before {@code closedTo} that hold more events now than when they
     * closed, each with the events the job would have taken of them and did not: its late events.
     */
    private List<LateEvents.Bucket> lateBuckets(long closedTo) {
        Map<Long, LateEvents.Bucket> recorded = store.lateEvents().buckets(setUp.job().jobId(), closedTo - checkWindow(),
                closedTo);
        if (recorded.isEmpty()) {
            return List.of();
        }
        AuditStore.EventRange window = new AuditStore.EventRange(recorded.keySet().iterator().next(), closedTo, null);
        List<LateEvents.Bucket> grown = new ArrayList<>();
        for (AuditStore.TimeCount c : store.countByTime(window, span, null).orElseThrow()) {
            LateEvents.Bucket b = recorded.get(c.bucket());
            if (b == null || c.count() <= b.stored()) {
                continue;
            }
            long[] taken = {0};
            store.forEachEvent(c.bucket() - 1, Math.min(c.bucket() + span, closedTo), event -> {
                if (setUp.datafeed().matches(new AuditEventView(event))) {
                    taken[0]++;
                }
            });
            grown.add(new LateEvents.Bucket(b.bucket(), c.count(), b.taken(), Math.max(0, taken[0] - b.taken())));
        }
        return grown;
    }
}

package org.auditml.flink.event;

import org.auditml.engine.job.Job;

/** A job's buckets on event time, as its series close them. */
public final class BucketTimes {
    private BucketTimes() {
    }

    /** The start of the bucket that holds {@code time}. */
    public static long bucketOf(Job job, long time) {
        long span = job.analysisConfig().bucketSpan().toMillis();
        return Math.floorDiv(time, span) * span;
    }

    /** When a bucket closes: event time {@code latency} past its end. */
    public static long closeTime(Job job, long bucketStart) {
        return bucketStart + job.analysisConfig().bucketSpan().toMillis() + job.analysisConfig().latency().toMillis();
    }
}

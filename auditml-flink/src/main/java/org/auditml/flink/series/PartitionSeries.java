package org.auditml.flink.series;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.auditml.audit.AuditEventView;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.job.Job;
import org.auditml.flink.JobSet;
import org.auditml.flink.event.BucketTimes;
import org.auditml.flink.event.PartitionedEvent;
import org.auditml.flink.state.LiveValues;
import org.auditml.read.beat.BeatEventParser;

import java.util.Map;

/**
 * Each key's series of a job (events keyed by job and partition value) in Flink keyed state. A key's series close a
 * bucket once event time is {@code latency} past its end, empty buckets included, as the one-machine run closes them
 * on every event it reads; each closed bucket goes to the job's scoring. At the end of a bounded input (event time at
 * its maximum) the open buckets close. A key first seen in a bucket already closed is late, as on one machine.
 */
public final class PartitionSeries extends KeyedProcessFunction<String, PartitionedEvent, PartialBucket> {
    private final JobSet jobs;
    private transient Map<String, Job> byId;
    private transient BeatEventParser parser;
    private transient LiveValues<KeySeries> state;
    private transient Counter late;

    public PartitionSeries(JobSet jobs) {
        this.jobs = jobs;
    }

    @Override
    public void open(OpenContext context) {
        byId = jobs.jobsById();
        parser = new BeatEventParser();
        state = new LiveValues<>(getRuntimeContext().getState(new ValueStateDescriptor<>("series",
                new KeySeriesSerializer())));
        late = getRuntimeContext().getMetricGroup().counter("lateEventsOfNewKeys");
    }

    @Override
    public void processElement(PartitionedEvent e, Context ctx, Collector<PartialBucket> out) throws Exception {
        Job job = byId.get(e.jobId);
        KeySeries series = state.get(ctx.getCurrentKey());
        if (series == null) {
            if (BucketTimes.closeTime(job, BucketTimes.bucketOf(job, e.time)) <= ctx.timerService().currentWatermark()) {
                late.inc();
                return;
            }
            series = KeySeries.start(job, e.time);
        }
        series.series(job).accept(new AuditEventView(parser.parse(e.line)));
        emit(e.jobId, series, out);
        state.put(ctx.getCurrentKey(), series);
        ctx.timerService().registerEventTimeTimer(BucketTimes.closeTime(job, series.nextBucket()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PartialBucket> out) throws Exception {
        String jobId = PartitionedEvent.jobOf(ctx.getCurrentKey());
        Job job = byId.get(jobId);
        KeySeries series = state.get(ctx.getCurrentKey());
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (endOfInput) {
            // a bounded input ended: what is open closes, as the one-machine run's flush closes it
            series.series(job).flush();
        } else {
            series.series(job).advanceTo(timestamp);
        }
        emit(jobId, series, out);
        state.put(ctx.getCurrentKey(), series);
        if (!endOfInput) {
            ctx.timerService().registerEventTimeTimer(BucketTimes.closeTime(job, series.nextBucket()));
        }
    }

    private static void emit(String jobId, KeySeries series, Collector<PartialBucket> out) {
        for (SeriesBucket b : series.takeClosed()) {
            out.collect(new PartialBucket(jobId, b));
        }
    }
}

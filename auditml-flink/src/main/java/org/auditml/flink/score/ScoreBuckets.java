package org.auditml.flink.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.Result;
import org.auditml.flink.JobSet;
import org.auditml.flink.series.PartialBucket;
import org.auditml.flink.state.LiveValues;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The job-wide stage, keyed by job id: gathers the buckets every key of a job closed and writes Elastic's result
 * documents (a bucket's bucket influencers after it), one JSON object each. Each job's scoring is keyed state. At the end of a bounded input the
 * renormalised results follow, each to replace the earlier document of its id.
 */
public final class ScoreBuckets extends KeyedProcessFunction<String, PartialBucket, String> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobSet jobs;
    private transient Map<String, Job> byId;
    private transient LiveValues<JobScoring> scoring;

    public ScoreBuckets(JobSet jobs) {
        this.jobs = jobs;
    }

    @Override
    public void open(OpenContext context) {
        byId = jobs.jobsById();
        scoring = new LiveValues<>(getRuntimeContext().getState(new ValueStateDescriptor<>("scoring",
                new JobScoringSerializer())));
    }

    @Override
    public void processElement(PartialBucket part, Context ctx, Collector<String> out) throws Exception {
        Job job = byId.get(part.jobId);
        JobScoring scores = scoring.get(ctx.getCurrentKey());
        if (scores == null) {
            scores = JobScoring.start(job);
        }
        ctx.timerService().registerEventTimeTimer(scores.take(job, part.bucket()));
        scoring.put(ctx.getCurrentKey(), scores);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        Job job = byId.get(ctx.getCurrentKey());
        JobScoring scores = scoring.get(ctx.getCurrentKey());
        write(scores.scoreUpTo(job, timestamp), out);
        if (scores.done() && ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            write(scores.renormalize(job), out);
        }
        scoring.put(ctx.getCurrentKey(), scores);
    }

    private static void write(List<Result> results, Collector<String> out) {
        for (Result result : results) {
            for (Result doc : result.documents()) {
                try {
                    out.collect(JSON.writeValueAsString(doc));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException("a result must always serialise", e);
                }
            }
        }
    }
}

package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.auditml.engine.job.JobFields;

import java.util.ArrayList;
import java.util.List;

/**
 * Elastic's {@code bucket} result: the bucket's overall anomaly score, the largest of its bucket influencers' (as
 * ml-cpp writes it and Elasticsearch renormalises it), and their shares. The results index also holds each bucket
 * influencer as a document of its own ({@link #documents()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({JobFields.JOB_ID, ResultFields.RESULT_TYPE, ResultFields.TIMESTAMP, JobFields.BUCKET_SPAN})
public record BucketResult(
        @JsonProperty(JobFields.JOB_ID) String jobId,
        @JsonProperty(ResultFields.TIMESTAMP) long timestamp,
        @JsonProperty(JobFields.BUCKET_SPAN) long bucketSpan,
        @JsonProperty(ResultFields.ANOMALY_SCORE) double anomalyScore,
        @JsonProperty(ResultFields.INITIAL_ANOMALY_SCORE) double initialAnomalyScore,
        @JsonProperty(ResultFields.EVENT_COUNT) long eventCount,
        @JsonProperty(ResultFields.IS_INTERIM) boolean isInterim,
        @JsonProperty(ResultFields.BUCKET_INFLUENCERS) List<BucketInfluencer> bucketInfluencers,
        @JsonProperty(ResultFields.PROCESSING_TIME_MS) long processingTimeMs) implements Result {

    /** Its bucket influencers carry the bucket's job, time, span and interim flag, as Elastic writes them. */
    public BucketResult {
        bucketInfluencers = bucketInfluencers == null ? List.of()
                : bucketInfluencers.stream().map(i -> i.in(jobId, timestamp, bucketSpan, isInterim)).toList();
    }

    @Override
    @JsonProperty(ResultFields.RESULT_TYPE)
    public String resultType() {
        return ResultFields.TYPE_BUCKET;
    }

    /** The bucket, then each of its bucket influencers as the document of its own Elastic writes. */
    @Override
    public List<Result> documents() {
        List<Result> out = new ArrayList<>(1 + bucketInfluencers.size());
        out.add(this);
        out.addAll(bucketInfluencers);
        return out;
    }

    /** Elastic's deterministic id: job, "bucket", time, span. */
    @JsonProperty("id")
    public String id() {
        return jobId + "_bucket_" + timestamp + "_" + bucketSpan;
    }
}

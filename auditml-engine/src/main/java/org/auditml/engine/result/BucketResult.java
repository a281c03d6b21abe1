package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.auditml.engine.job.JobFields;

import java.util.List;

/** Elastic's {@code bucket} result: the bucket's overall anomaly score and its influencers' share. */
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

    public BucketResult {
        bucketInfluencers = List.copyOf(bucketInfluencers);
    }

    @Override
    @JsonProperty(ResultFields.RESULT_TYPE)
    public String resultType() {
        return ResultFields.TYPE_BUCKET;
    }

    /** Elastic's deterministic id: job, "bucket", time, span. */
    @JsonProperty("id")
    public String id() {
        return jobId + "_bucket_" + timestamp + "_" + bucketSpan;
    }

    /** One influencer field's share of a bucket's score ({@code bucket_time} stands for the bucket itself). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BucketInfluencer(
            @JsonProperty(ResultFields.INFLUENCER_FIELD_NAME) String influencerFieldName,
            @JsonProperty(ResultFields.INITIAL_ANOMALY_SCORE) double initialAnomalyScore,
            @JsonProperty(ResultFields.ANOMALY_SCORE) double anomalyScore,
            @JsonProperty(ResultFields.RAW_ANOMALY_SCORE) double rawAnomalyScore,
            @JsonProperty(ResultFields.PROBABILITY) double probability) {
        @JsonProperty(ResultFields.RESULT_TYPE)
        public String resultType() {
            return ResultFields.TYPE_BUCKET_INFLUENCER;
        }
    }
}

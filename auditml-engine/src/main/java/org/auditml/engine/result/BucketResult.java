package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** Elastic's {@code bucket} result: the bucket's overall anomaly score and its influencers' share. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"job_id", "result_type", "timestamp", "bucket_span"})
public record BucketResult(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("bucket_span") long bucketSpan,
        @JsonProperty("anomaly_score") double anomalyScore,
        @JsonProperty("initial_anomaly_score") double initialAnomalyScore,
        @JsonProperty("event_count") long eventCount,
        @JsonProperty("is_interim") boolean isInterim,
        @JsonProperty("bucket_influencers") List<BucketInfluencer> bucketInfluencers,
        @JsonProperty("processing_time_ms") long processingTimeMs) implements Result {

    public BucketResult {
        bucketInfluencers = List.copyOf(bucketInfluencers);
    }

    @Override
    @JsonProperty("result_type")
    public String resultType() {
        return "bucket";
    }

    /** Elastic's deterministic id: job, "bucket", time, span. */
    @JsonProperty("id")
    public String id() {
        return jobId + "_bucket_" + timestamp + "_" + bucketSpan;
    }

    /** One influencer field's share of a bucket's score ({@code bucket_time} stands for the bucket itself). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BucketInfluencer(
            @JsonProperty("influencer_field_name") String influencerFieldName,
            @JsonProperty("initial_anomaly_score") double initialAnomalyScore,
            @JsonProperty("anomaly_score") double anomalyScore,
            @JsonProperty("raw_anomaly_score") double rawAnomalyScore,
            @JsonProperty("probability") double probability) {
        @JsonProperty("result_type")
        public String resultType() {
            return "bucket_influencer";
        }
    }
}

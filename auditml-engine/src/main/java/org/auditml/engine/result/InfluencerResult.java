package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/** Elastic's {@code influencer} result: how anomalous one influencer value made a bucket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"job_id", "result_type", "timestamp", "bucket_span"})
public record InfluencerResult(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("bucket_span") long bucketSpan,
        @JsonProperty("influencer_field_name") String influencerFieldName,
        @JsonProperty("influencer_field_value") String influencerFieldValue,
        @JsonProperty("influencer_score") double influencerScore,
        @JsonProperty("initial_influencer_score") double initialInfluencerScore,
        @JsonProperty("probability") double probability,
        @JsonProperty("is_interim") boolean isInterim) implements Result {

    @Override
    @JsonProperty("result_type")
    public String resultType() {
        return "influencer";
    }

    /** The same result with its score renormalised ({@code initial_influencer_score} stays). */
    public InfluencerResult withInfluencerScore(double score) {
        return new InfluencerResult(jobId, timestamp, bucketSpan, influencerFieldName, influencerFieldValue, score,
                initialInfluencerScore, probability, isInterim);
    }

    /** The value also under the field's own name, as Elastic writes it for querying. */
    @JsonAnyGetter
    public Map<String, String> fieldValueCopy() {
        return Map.of(influencerFieldName, influencerFieldValue);
    }
}

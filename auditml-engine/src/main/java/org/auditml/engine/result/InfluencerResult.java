package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.auditml.engine.job.JobFields;

import java.util.Map;

/**
 * Elastic's {@code influencer} result: how anomalous one influencer value made a bucket. auditml's {@code learning}
 * (true, or absent) says that only models still learning found it unusual, as on their records.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({JobFields.JOB_ID, ResultFields.RESULT_TYPE, ResultFields.TIMESTAMP, JobFields.BUCKET_SPAN})
public record InfluencerResult(
        @JsonProperty(JobFields.JOB_ID) String jobId,
        @JsonProperty(ResultFields.TIMESTAMP) long timestamp,
        @JsonProperty(JobFields.BUCKET_SPAN) long bucketSpan,
        @JsonProperty(ResultFields.INFLUENCER_FIELD_NAME) String influencerFieldName,
        @JsonProperty(ResultFields.INFLUENCER_FIELD_VALUE) String influencerFieldValue,
        @JsonProperty(ResultFields.INFLUENCER_SCORE) double influencerScore,
        @JsonProperty(ResultFields.INITIAL_INFLUENCER_SCORE) double initialInfluencerScore,
        @JsonProperty(ResultFields.PROBABILITY) double probability,
        @JsonProperty(ResultFields.IS_INTERIM) boolean isInterim,
        @JsonProperty(ResultFields.LEARNING) Boolean learning) implements Result {

    @Override
    @JsonProperty(ResultFields.RESULT_TYPE)
    public String resultType() {
        return ResultFields.TYPE_INFLUENCER;
    }

    /** The same result with its score renormalised ({@code initial_influencer_score} stays). */
    public InfluencerResult withInfluencerScore(double score) {
        return new InfluencerResult(jobId, timestamp, bucketSpan, influencerFieldName, influencerFieldValue, score,
                initialInfluencerScore, probability, isInterim, learning);
    }

    /** The value also under the field's own name, as Elastic writes it for querying. */
    @JsonAnyGetter
    public Map<String, String> fieldValueCopy() {
        return Map.of(influencerFieldName, influencerFieldValue);
    }
}

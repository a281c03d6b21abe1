package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.auditml.engine.job.JobFields;

/**
 * Elastic's {@code bucket_influencer} result: one influencer field's share of a bucket's score, {@code bucket_time}
 * standing for the bucket as a whole. Elastic writes it whole twice: nested in its bucket's {@code bucket_influencers}
 * and as a document of its own in the results index; both are this record, with its bucket's job, time, span and
 * interim flag ({@link BucketResult} sees to it). auditml's {@code learning} (true, or absent) says that only models
 * still learning found anything of the field, as on their records.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({JobFields.JOB_ID, ResultFields.RESULT_TYPE, ResultFields.INFLUENCER_FIELD_NAME,
        ResultFields.INITIAL_ANOMALY_SCORE, ResultFields.ANOMALY_SCORE, ResultFields.RAW_ANOMALY_SCORE,
        ResultFields.PROBABILITY, ResultFields.TIMESTAMP, JobFields.BUCKET_SPAN, ResultFields.IS_INTERIM,
        ResultFields.LEARNING})
public record BucketInfluencer(
        @JsonProperty(JobFields.JOB_ID) String jobId,
        @JsonProperty(ResultFields.INFLUENCER_FIELD_NAME) String influencerFieldName,
        @JsonProperty(ResultFields.INITIAL_ANOMALY_SCORE) double initialAnomalyScore,
        @JsonProperty(ResultFields.ANOMALY_SCORE) double anomalyScore,
        @JsonProperty(ResultFields.RAW_ANOMALY_SCORE) double rawAnomalyScore,
        @JsonProperty(ResultFields.PROBABILITY) double probability,
        @JsonProperty(ResultFields.TIMESTAMP) long timestamp,
        @JsonProperty(JobFields.BUCKET_SPAN) long bucketSpan,
        @JsonProperty(ResultFields.IS_INTERIM) boolean isInterim,
        @JsonProperty(ResultFields.LEARNING) Boolean learning) implements Result {

    /** The influencer field name of the bucket's own share, which Elastic writes for every bucket with records. */
    public static final String BUCKET_TIME = "bucket_time";

    /** A share not yet placed in its bucket: the bucket it goes into gives it its job, time, span and interim flag. */
    public static BucketInfluencer share(String field, double initialScore, double score, double raw, double probability,
                                         Boolean learning) {
        return new BucketInfluencer(null, field, initialScore, score, raw, probability, 0, 0, false, learning);
    }

    /** This share placed in a bucket. */
    BucketInfluencer in(String bucketJobId, long bucketTimestamp, long bucketSpanSeconds, boolean interim) {
        return new BucketInfluencer(bucketJobId, influencerFieldName, initialAnomalyScore, anomalyScore,
                rawAnomalyScore, probability, bucketTimestamp, bucketSpanSeconds, interim, learning);
    }

    /** The same share with a new (renormalised) score; the initial score stays. */
    public BucketInfluencer withAnomalyScore(double score) {
        return new BucketInfluencer(jobId, influencerFieldName, initialAnomalyScore, score, rawAnomalyScore,
                probability, timestamp, bucketSpan, isInterim, learning);
    }

    /** Whether this is the bucket's own share ({@code bucket_time}). */
    @JsonIgnore
    public boolean isBucketTime() {
        return BUCKET_TIME.equals(influencerFieldName);
    }

    @Override
    @JsonProperty(ResultFields.RESULT_TYPE)
    public String resultType() {
        return ResultFields.TYPE_BUCKET_INFLUENCER;
    }

    /** Elastic's deterministic id: job, "bucket_influencer", time, span, field. Not part of the document. */
    public String id() {
        return jobId + "_bucket_influencer_" + timestamp + "_" + bucketSpan + "_" + influencerFieldName;
    }
}

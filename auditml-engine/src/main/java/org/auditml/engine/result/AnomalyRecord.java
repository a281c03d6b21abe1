package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.auditml.engine.job.JobFields;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elastic's {@code record} result: one anomaly of one detector in one bucket, for one partition / by value, with its
 * probability, scores, actual and typical values, influencers, the explanation, and — auditml's addition — a reason a
 * person can read. The split field values are also written under their own names ({@code "host.name": ["web-02"]}).
 * Population records (with an over field) are one per entity: what made it unusual is in {@code causes}, and the
 * top-level actual and typical are left out, as Elastic does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({JobFields.JOB_ID, ResultFields.RESULT_TYPE, ResultFields.TIMESTAMP, JobFields.BUCKET_SPAN, JobFields.DETECTOR_INDEX})
public record AnomalyRecord(
        @JsonProperty(JobFields.JOB_ID) String jobId,
        @JsonProperty(ResultFields.TIMESTAMP) long timestamp,
        @JsonProperty(JobFields.BUCKET_SPAN) long bucketSpan,
        @JsonProperty(JobFields.DETECTOR_INDEX) int detectorIndex,
        @JsonProperty(ResultFields.PROBABILITY) double probability,
        @JsonProperty(ResultFields.MULTI_BUCKET_IMPACT) Double multiBucketImpact,
        @JsonProperty(ResultFields.RECORD_SCORE) double recordScore,
        @JsonProperty(ResultFields.INITIAL_RECORD_SCORE) double initialRecordScore,
        @JsonProperty(ResultFields.IS_INTERIM) boolean isInterim,
        @JsonProperty(JobFields.FUNCTION) String function,
        @JsonProperty(ResultFields.FUNCTION_DESCRIPTION) String functionDescription,
        @JsonProperty(JobFields.FIELD_NAME) String fieldName,
        @JsonProperty(JobFields.BY_FIELD_NAME) String byFieldName,
        @JsonProperty(ResultFields.BY_FIELD_VALUE) String byFieldValue,
        @JsonProperty(JobFields.PARTITION_FIELD_NAME) String partitionFieldName,
        @JsonProperty(ResultFields.PARTITION_FIELD_VALUE) String partitionFieldValue,
        @JsonProperty(JobFields.OVER_FIELD_NAME) String overFieldName,
        @JsonProperty(ResultFields.OVER_FIELD_VALUE) String overFieldValue,
        @JsonProperty(ResultFields.ACTUAL) List<Double> actual,
        @JsonProperty(ResultFields.TYPICAL) List<Double> typical,
        @JsonProperty(JobFields.INFLUENCERS) List<Influence> influencers,
        @JsonProperty(ResultFields.ANOMALY_SCORE_EXPLANATION) Explanation anomalyScoreExplanation,
        @JsonProperty(ResultFields.REASON) String reason,
        @JsonProperty(ResultFields.LEARNING) Boolean learning,
        @JsonProperty(ResultFields.CAUSES) List<Cause> causes) implements Result {

    @Override
    @JsonProperty(ResultFields.RESULT_TYPE)
    public String resultType() {
        return ResultFields.TYPE_RECORD;
    }

    /** The same record with a new (renormalised) score; the initial score stays. */
    public AnomalyRecord withRecordScore(double score) {
        return withRecordScore(score, anomalyScoreExplanation);
    }

    /** The same record with a new score and the explanation of it. */
    public AnomalyRecord withRecordScore(double score, Explanation explanation) {
        return new AnomalyRecord(jobId, timestamp, bucketSpan, detectorIndex, probability, multiBucketImpact, score,
                initialRecordScore, isInterim, function, functionDescription, fieldName, byFieldName, byFieldValue,
                partitionFieldName, partitionFieldValue, overFieldName, overFieldValue, actual, typical, influencers,
                explanation, reason, learning, causes);
    }

    /** Split and influencer values under their own field names, as Elastic copies them to the top level. */
    @JsonAnyGetter
    public Map<String, List<String>> fieldValueCopies() {
        Map<String, List<String>> copies = new LinkedHashMap<>();
        if (partitionFieldName != null && partitionFieldValue != null) {
            copies.put(partitionFieldName, List.of(partitionFieldValue));
        }
        if (overFieldName != null && overFieldValue != null) {
            copies.put(overFieldName, List.of(overFieldValue));
        }
        if (byFieldName != null && byFieldValue != null) {
            copies.put(byFieldName, List.of(byFieldValue));
        }
        if (influencers != null) {
            for (Influence i : influencers) {
                copies.putIfAbsent(i.fieldName(), i.fieldValues());
            }
        }
        return copies;
    }

    /**
     * One cause of a population record: the by value (or the entity's own value) that was unusual, with its actual and
     * typical values. At most {@value #MAX_CAUSES} per record, the most significant first.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(
            @JsonProperty(ResultFields.PROBABILITY) double probability,
            @JsonProperty(JobFields.FUNCTION) String function,
            @JsonProperty(ResultFields.FUNCTION_DESCRIPTION) String functionDescription,
            @JsonProperty(JobFields.FIELD_NAME) String fieldName,
            @JsonProperty(JobFields.BY_FIELD_NAME) String byFieldName,
            @JsonProperty(ResultFields.BY_FIELD_VALUE) String byFieldValue,
            @JsonProperty(JobFields.OVER_FIELD_NAME) String overFieldName,
            @JsonProperty(ResultFields.OVER_FIELD_VALUE) String overFieldValue,
            @JsonProperty(JobFields.PARTITION_FIELD_NAME) String partitionFieldName,
            @JsonProperty(ResultFields.PARTITION_FIELD_VALUE) String partitionFieldValue,
            @JsonProperty(ResultFields.ACTUAL) List<Double> actual,
            @JsonProperty(ResultFields.TYPICAL) List<Double> typical) {
    }

    /** Elastic returns at most ten causes per population record. */
    public static final int MAX_CAUSES = 10;

    /** One influencer field and its values in this record. */
    public record Influence(@JsonProperty(ResultFields.INFLUENCER_FIELD_NAME) String fieldName,
                            @JsonProperty(ResultFields.INFLUENCER_FIELD_VALUES) List<String> fieldValues) {
    }

    /** Elastic's {@code anomaly_score_explanation}, the parts that apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Explanation(
            @JsonProperty(ResultFields.ANOMALY_TYPE) String anomalyType,
            @JsonProperty(ResultFields.SINGLE_BUCKET_IMPACT) Integer singleBucketImpact,
            @JsonProperty(ResultFields.MULTI_BUCKET_IMPACT) Integer multiBucketImpact,
            @JsonProperty(ResultFields.LOWER_CONFIDENCE_BOUND) Double lowerConfidenceBound,
            @JsonProperty(ResultFields.TYPICAL_VALUE) Double typicalValue,
            @JsonProperty(ResultFields.UPPER_CONFIDENCE_BOUND) Double upperConfidenceBound,
            @JsonProperty(ResultFields.BY_FIELD_FIRST_OCCURRENCE) Boolean byFieldFirstOccurrence,
            @JsonProperty(ResultFields.BY_FIELD_RELATIVE_RARITY) Double byFieldRelativeRarity,
            @JsonProperty(ResultFields.AUDITML_SCORE_FROM) String scoreFrom) {
        /**
         * auditml's score came from the record's probability, ranked by the job's history within the critical band
         * ({@link org.auditml.engine.score.AnchoredScore}).
         */
        public static final String FROM_PROBABILITY = "probability";
        /** auditml's score came from the job's history alone, capped: the model was still settling (a count model's first week). */
        public static final String FROM_HISTORY_SETTLING = "history, model settling";

        /** Elastic's explanation fields, without auditml's. */
        public Explanation(String anomalyType, Integer singleBucketImpact, Integer multiBucketImpact,
                           Double lowerConfidenceBound, Double typicalValue, Double upperConfidenceBound,
                           Boolean byFieldFirstOccurrence, Double byFieldRelativeRarity) {
            this(anomalyType, singleBucketImpact, multiBucketImpact, lowerConfidenceBound, typicalValue,
                    upperConfidenceBound, byFieldFirstOccurrence, byFieldRelativeRarity, null);
        }

        /** The same explanation, saying where the score came from. */
        public Explanation withScoreFrom(String from) {
            return new Explanation(anomalyType, singleBucketImpact, multiBucketImpact, lowerConfidenceBound,
                    typicalValue, upperConfidenceBound, byFieldFirstOccurrence, byFieldRelativeRarity, from);
        }
    }
}

package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

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
@JsonPropertyOrder({"job_id", "result_type", "timestamp", "bucket_span", "detector_index"})
public record AnomalyRecord(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("bucket_span") long bucketSpan,
        @JsonProperty("detector_index") int detectorIndex,
        @JsonProperty("probability") double probability,
        @JsonProperty("multi_bucket_impact") Double multiBucketImpact,
        @JsonProperty("record_score") double recordScore,
        @JsonProperty("initial_record_score") double initialRecordScore,
        @JsonProperty("is_interim") boolean isInterim,
        @JsonProperty("function") String function,
        @JsonProperty("function_description") String functionDescription,
        @JsonProperty("field_name") String fieldName,
        @JsonProperty("by_field_name") String byFieldName,
        @JsonProperty("by_field_value") String byFieldValue,
        @JsonProperty("partition_field_name") String partitionFieldName,
        @JsonProperty("partition_field_value") String partitionFieldValue,
        @JsonProperty("over_field_name") String overFieldName,
        @JsonProperty("over_field_value") String overFieldValue,
        @JsonProperty("actual") List<Double> actual,
        @JsonProperty("typical") List<Double> typical,
        @JsonProperty("influencers") List<Influence> influencers,
        @JsonProperty("anomaly_score_explanation") Explanation anomalyScoreExplanation,
        @JsonProperty("reason") String reason,
        @JsonProperty("learning") Boolean learning,
        @JsonProperty("causes") List<Cause> causes) implements Result {

    @Override
    @JsonProperty("result_type")
    public String resultType() {
        return "record";
    }

    /** The same record with a new (renormalised) score; the initial score stays. */
    public AnomalyRecord withRecordScore(double score) {
        return new AnomalyRecord(jobId, timestamp, bucketSpan, detectorIndex, probability, multiBucketImpact, score,
                initialRecordScore, isInterim, function, functionDescription, fieldName, byFieldName, byFieldValue,
                partitionFieldName, partitionFieldValue, overFieldName, overFieldValue, actual, typical, influencers,
                anomalyScoreExplanation, reason, learning, causes);
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
            @JsonProperty("probability") double probability,
            @JsonProperty("function") String function,
            @JsonProperty("function_description") String functionDescription,
            @JsonProperty("field_name") String fieldName,
            @JsonProperty("by_field_name") String byFieldName,
            @JsonProperty("by_field_value") String byFieldValue,
            @JsonProperty("over_field_name") String overFieldName,
            @JsonProperty("over_field_value") String overFieldValue,
            @JsonProperty("partition_field_name") String partitionFieldName,
            @JsonProperty("partition_field_value") String partitionFieldValue,
            @JsonProperty("actual") List<Double> actual,
            @JsonProperty("typical") List<Double> typical) {
    }

    /** Elastic returns at most ten causes per population record. */
    public static final int MAX_CAUSES = 10;

    /** One influencer field and its values in this record. */
    public record Influence(@JsonProperty("influencer_field_name") String fieldName,
                            @JsonProperty("influencer_field_values") List<String> fieldValues) {
    }

    /** Elastic's {@code anomaly_score_explanation}, the parts that apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Explanation(
            @JsonProperty("anomaly_type") String anomalyType,
            @JsonProperty("single_bucket_impact") Integer singleBucketImpact,
            @JsonProperty("multi_bucket_impact") Integer multiBucketImpact,
            @JsonProperty("lower_confidence_bound") Double lowerConfidenceBound,
            @JsonProperty("typical_value") Double typicalValue,
            @JsonProperty("upper_confidence_bound") Double upperConfidenceBound,
            @JsonProperty("by_field_first_occurrence") Boolean byFieldFirstOccurrence,
            @JsonProperty("by_field_relative_rarity") Double byFieldRelativeRarity) {
    }
}

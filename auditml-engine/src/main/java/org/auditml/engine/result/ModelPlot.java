package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Elastic's {@code model_plot} result (written when {@code model_plot_config.enabled}): for one series and bucket,
 * the model's band and median, and the actual value — what the UI draws behind the anomalies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"job_id", "result_type", "timestamp", "bucket_span", "detector_index"})
public record ModelPlot(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("bucket_span") long bucketSpan,
        @JsonProperty("detector_index") int detectorIndex,
        @JsonProperty("partition_field_name") String partitionFieldName,
        @JsonProperty("partition_field_value") String partitionFieldValue,
        @JsonProperty("over_field_name") String overFieldName,
        @JsonProperty("over_field_value") String overFieldValue,
        @JsonProperty("by_field_name") String byFieldName,
        @JsonProperty("by_field_value") String byFieldValue,
        @JsonProperty("model_feature") String modelFeature,
        @JsonProperty("model_lower") double modelLower,
        @JsonProperty("model_upper") double modelUpper,
        @JsonProperty("model_median") double modelMedian,
        @JsonProperty("actual") double actual) implements Result {

    @Override
    @JsonProperty("result_type")
    public String resultType() {
        return "model_plot";
    }
}

package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.auditml.engine.job.JobFields;

/**
 * Elastic's {@code model_plot} result (written when {@code model_plot_config.enabled}): for one series and bucket,
 * the model's band and median, and the actual value — what the UI draws behind the anomalies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({JobFields.JOB_ID, ResultFields.RESULT_TYPE, ResultFields.TIMESTAMP, JobFields.BUCKET_SPAN, JobFields.DETECTOR_INDEX})
public record ModelPlot(
        @JsonProperty(JobFields.JOB_ID) String jobId,
        @JsonProperty(ResultFields.TIMESTAMP) long timestamp,
        @JsonProperty(JobFields.BUCKET_SPAN) long bucketSpan,
        @JsonProperty(JobFields.DETECTOR_INDEX) int detectorIndex,
        @JsonProperty(JobFields.PARTITION_FIELD_NAME) String partitionFieldName,
        @JsonProperty(ResultFields.PARTITION_FIELD_VALUE) String partitionFieldValue,
        @JsonProperty(JobFields.OVER_FIELD_NAME) String overFieldName,
        @JsonProperty(ResultFields.OVER_FIELD_VALUE) String overFieldValue,
        @JsonProperty(JobFields.BY_FIELD_NAME) String byFieldName,
        @JsonProperty(ResultFields.BY_FIELD_VALUE) String byFieldValue,
        @JsonProperty(ResultFields.MODEL_FEATURE) String modelFeature,
        @JsonProperty(ResultFields.MODEL_LOWER) double modelLower,
        @JsonProperty(ResultFields.MODEL_UPPER) double modelUpper,
        @JsonProperty(ResultFields.MODEL_MEDIAN) double modelMedian,
        @JsonProperty(ResultFields.ACTUAL) double actual) implements Result {

    @Override
    @JsonProperty(ResultFields.RESULT_TYPE)
    public String resultType() {
        return ResultFields.TYPE_MODEL_PLOT;
    }
}

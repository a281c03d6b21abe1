package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.auditml.engine.job.JobFields;

/**
 * Elastic's {@code model_size_stats}: how much memory the job's models hold against its limit, how many entities they
 * model, and whether the limit has made the job prune ({@code soft_limit}) or refuse new entities ({@code hard_limit}).
 */
@JsonPropertyOrder({JobFields.JOB_ID, ResultFields.RESULT_TYPE, ResultFields.TIMESTAMP})
public record ModelSizeStats(
        @JsonProperty(JobFields.JOB_ID) String jobId,
        @JsonProperty(ResultFields.TIMESTAMP) long timestamp,
        @JsonProperty(ResultFields.MODEL_BYTES) long modelBytes,
        @JsonProperty(ResultFields.MODEL_BYTES_MEMORY_LIMIT) long modelBytesMemoryLimit,
        @JsonProperty(ResultFields.TOTAL_BY_FIELD_COUNT) long totalByFieldCount,
        @JsonProperty(ResultFields.TOTAL_PARTITION_FIELD_COUNT) long totalPartitionFieldCount,
        @JsonProperty(ResultFields.BUCKET_ALLOCATION_FAILURES_COUNT) long bucketAllocationFailuresCount,
        @JsonProperty(ResultFields.MEMORY_STATUS) String memoryStatus) {

    @JsonProperty(ResultFields.RESULT_TYPE)
    public String resultType() {
        return ResultFields.TYPE_MODEL_SIZE_STATS;
    }
}

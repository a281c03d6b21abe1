package org.auditml.engine.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Elastic's {@code model_size_stats}: how much memory the job's models hold against its limit, how many entities they
 * model, and whether the limit has made the job prune ({@code soft_limit}) or refuse new entities ({@code hard_limit}).
 */
@JsonPropertyOrder({"job_id", "result_type", "timestamp"})
public record ModelSizeStats(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("model_bytes") long modelBytes,
        @JsonProperty("model_bytes_memory_limit") long modelBytesMemoryLimit,
        @JsonProperty("total_by_field_count") long totalByFieldCount,
        @JsonProperty("total_partition_field_count") long totalPartitionFieldCount,
        @JsonProperty("bucket_allocation_failures_count") long bucketAllocationFailuresCount,
        @JsonProperty("memory_status") String memoryStatus) {

    @JsonProperty("result_type")
    public String resultType() {
        return "model_size_stats";
    }
}

package org.auditml.engine.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.List;

/**
 * What a job analyses: the bucket span, the detectors and the influencers.
 *
 * @param latency how long after a bucket ends late events are still counted in it (Elastic's {@code latency})
 * @param context auditml's extension: fleet, actor and stability context in scores; off unless a job asks for it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalysisConfig(
        @JsonIgnore Duration bucketSpan,
        @JsonProperty("detectors") List<Detector> detectors,
        @JsonProperty("influencers") List<String> influencers,
        @JsonProperty("summary_count_field_name") String summaryCountFieldName,
        @JsonIgnore Duration latency,
        @JsonProperty("auditml_context") Boolean context) {

    public AnalysisConfig {
        detectors = List.copyOf(detectors);
        influencers = influencers == null ? List.of() : List.copyOf(influencers);
        latency = latency == null ? Duration.ZERO : latency;
    }

    @JsonProperty("bucket_span")
    public String bucketSpanText() {
        return TimeValue.format(bucketSpan);
    }

    @JsonProperty("latency")
    public String latencyText() {
        return latency.isZero() ? null : TimeValue.format(latency);
    }

    /** True when the job switched on auditml's context in scores. */
    public boolean usesContext() {
        return Boolean.TRUE.equals(context);
    }
}

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
 * @param severity auditml's extension: {@code "anchored"} scores each result by its probability, ranking critical
 *                 ones against the job's history (see {@link org.auditml.engine.score.AnchoredScore}); null (or
 *                 {@code "elastic"}) keeps Elastic's normalisation alone
 * @param modelPruneWindow series idle this long are forgotten (Elastic's {@code model_prune_window}); null for
 *                         Elastic's default, the greater of 30 days and 20 bucket spans
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalysisConfig(
        @JsonIgnore Duration bucketSpan,
        @JsonProperty(JobFields.DETECTORS) List<Detector> detectors,
        @JsonProperty(JobFields.INFLUENCERS) List<String> influencers,
        @JsonProperty(JobFields.SUMMARY_COUNT_FIELD_NAME) String summaryCountFieldName,
        @JsonIgnore Duration latency,
        @JsonProperty(JobFields.AUDITML_CONTEXT) Boolean context,
        @JsonIgnore Duration modelPruneWindow,
        @JsonProperty(JobFields.AUDITML_SEVERITY) String severity) {
    /** The value of {@code auditml_severity} that anchors scores to probabilities. */
    public static final String ANCHORED = "anchored";
    /** The value of {@code auditml_severity} that keeps Elastic's normalisation. */
    public static final String ELASTIC = "elastic";

    public AnalysisConfig {
        detectors = List.copyOf(detectors);
        influencers = influencers == null ? List.of() : List.copyOf(influencers);
        latency = latency == null ? Duration.ZERO : latency;
    }

    @JsonProperty(JobFields.BUCKET_SPAN)
    public String bucketSpanText() {
        return TimeValue.format(bucketSpan);
    }

    @JsonProperty(JobFields.LATENCY)
    public String latencyText() {
        return latency.isZero() ? null : TimeValue.format(latency);
    }

    @JsonProperty(JobFields.MODEL_PRUNE_WINDOW)
    public String modelPruneWindowText() {
        return modelPruneWindow == null ? null : TimeValue.format(modelPruneWindow);
    }

    /** The prune window in force: as set, or Elastic's default (the greater of 30 days and 20 bucket spans). */
    public Duration effectiveModelPruneWindow() {
        if (modelPruneWindow != null) {
            return modelPruneWindow;
        }
        Duration twenty = bucketSpan.multipliedBy(20);
        return twenty.compareTo(Duration.ofDays(30)) > 0 ? twenty : Duration.ofDays(30);
    }

    /** True when the job's scores are anchored to probabilities (auditml's severity). */
    public boolean anchorsSeverity() {
        return ANCHORED.equals(severity);
    }

    /** True when the job switched on auditml's context in scores. */
    public boolean usesContext() {
        return Boolean.TRUE.equals(context);
    }
}

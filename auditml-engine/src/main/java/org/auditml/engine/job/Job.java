package org.auditml.engine.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * An anomaly-detection job as Elastic's {@code PUT _ml/anomaly_detectors/<job_id>} takes it. Made by {@link JobParser},
 * which refuses a bad config with the field and the reason.
 *
 * @param modelMemoryLimitBytes {@code analysis_limits.model_memory_limit}
 * @param customSettings        kept as given ({@code custom_urls} and anything else a module wants)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(
        @JsonProperty(JobFields.JOB_ID) String jobId,
        @JsonProperty(JobFields.DESCRIPTION) String description,
        @JsonProperty(JobFields.GROUPS) List<String> groups,
        @JsonProperty(JobFields.ANALYSIS_CONFIG) AnalysisConfig analysisConfig,
        @JsonIgnore long modelMemoryLimitBytes,
        @JsonProperty(JobFields.DATA_DESCRIPTION) DataDescription dataDescription,
        @JsonProperty(JobFields.MODEL_PLOT_CONFIG) ModelPlotConfig modelPlotConfig,
        @JsonProperty(JobFields.CUSTOM_SETTINGS) JsonNode customSettings,
        @JsonProperty(JobFields.RENORMALIZATION_WINDOW_DAYS) Long renormalizationWindowDays) {

    /**
     * How far back records are renormalised as the scale grows: as set, or Elastic's default, the longer of 30 days
     * and 100 bucket spans.
     */
    public java.time.Duration renormalizationWindow() {
        if (renormalizationWindowDays != null) {
            return java.time.Duration.ofDays(renormalizationWindowDays);
        }
        java.time.Duration hundred = analysisConfig.bucketSpan().multipliedBy(100);
        return hundred.compareTo(java.time.Duration.ofDays(30)) > 0 ? hundred : java.time.Duration.ofDays(30);
    }

    /** Elastic's default model memory limit for jobs made through the API. */
    public static final long DEFAULT_MODEL_MEMORY_LIMIT = 1L << 30;

    public Job {
        groups = groups == null ? List.of() : List.copyOf(groups);
        if (dataDescription == null) {
            dataDescription = DataDescription.DEFAULT;
        }
        if (modelPlotConfig == null) {
            modelPlotConfig = ModelPlotConfig.DISABLED;
        }
    }

    /** The same job under another id (a prefix given to a module's or a file's jobs). */
    public Job withId(String newJobId) {
        return new Job(newJobId, description, groups, analysisConfig, modelMemoryLimitBytes, dataDescription,
                modelPlotConfig, customSettings, renormalizationWindowDays);
    }

    @JsonProperty(JobFields.ANALYSIS_LIMITS)
    public java.util.Map<String, String> analysisLimits() {
        return java.util.Map.of(JobFields.MODEL_MEMORY_LIMIT, TimeValue.formatBytes(modelMemoryLimitBytes));
    }

    /** Where the event time is read, and how ({@code epoch_ms}, {@code epoch}, or ISO-8601 by default). */
    public record DataDescription(@JsonProperty(JobFields.TIME_FIELD) String timeField,
                                  @JsonProperty(JobFields.TIME_FORMAT) String timeFormat) {
        public static final DataDescription DEFAULT = new DataDescription("@timestamp", "epoch_ms");
    }

    /** Whether to write {@code model_plot} results, and for which terms. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelPlotConfig(@JsonProperty(JobFields.ENABLED) boolean enabled,
                                  @JsonProperty(JobFields.TERMS) String terms) {
        public static final ModelPlotConfig DISABLED = new ModelPlotConfig(false, null);
    }
}

package org.auditml.engine.job;

/**
 * The JSON names of a job, as Elastic spells them, declared once for the parser, the writer and the messages (as
 * Elasticsearch's {@code ParseField}s are). Results and datafeeds that carry the same names use these.
 */
public final class JobFields {
    // The job
    public static final String JOB_ID = "job_id";
    public static final String DESCRIPTION = "description";
    public static final String GROUPS = "groups";
    public static final String ANALYSIS_CONFIG = "analysis_config";
    public static final String ANALYSIS_LIMITS = "analysis_limits";
    public static final String DATA_DESCRIPTION = "data_description";
    public static final String MODEL_PLOT_CONFIG = "model_plot_config";
    public static final String CUSTOM_SETTINGS = "custom_settings";
    public static final String RESULTS_INDEX_NAME = "results_index_name";
    public static final String ALLOW_LAZY_OPEN = "allow_lazy_open";
    public static final String RENORMALIZATION_WINDOW_DAYS = "renormalization_window_days";
    public static final String RESULTS_RETENTION_DAYS = "results_retention_days";
    public static final String MODEL_SNAPSHOT_RETENTION_DAYS = "model_snapshot_retention_days";
    public static final String DAILY_MODEL_SNAPSHOT_RETENTION_AFTER_DAYS = "daily_model_snapshot_retention_after_days";
    public static final String BACKGROUND_PERSIST_INTERVAL = "background_persist_interval";
    public static final String JOB_TYPE = "job_type";
    public static final String CREATE_TIME = "create_time";
    public static final String DATAFEED_CONFIG = "datafeed_config";
    public static final String JOB_VERSION = "job_version";
    public static final String FINISHED_TIME = "finished_time";
    public static final String MODEL_SNAPSHOT_ID = "model_snapshot_id";
    public static final String MODEL_SNAPSHOT_MIN_VERSION = "model_snapshot_min_version";
    public static final String DELETING = "deleting";
    public static final String BLOCKED = "blocked";

    // analysis_config
    public static final String BUCKET_SPAN = "bucket_span";
    public static final String DETECTORS = "detectors";
    public static final String INFLUENCERS = "influencers";
    public static final String SUMMARY_COUNT_FIELD_NAME = "summary_count_field_name";
    public static final String LATENCY = "latency";
    public static final String MODEL_PRUNE_WINDOW = "model_prune_window";
    public static final String CATEGORIZATION_FIELD_NAME = "categorization_field_name";
    public static final String MULTIVARIATE_BY_FIELDS = "multivariate_by_fields";
    public static final String CATEGORIZATION_FILTERS = "categorization_filters";
    public static final String CATEGORIZATION_ANALYZER = "categorization_analyzer";
    public static final String PER_PARTITION_CATEGORIZATION = "per_partition_categorization";
    public static final String STOP_ON_WARN = "stop_on_warn";
    public static final String AUDITML_CONTEXT = "auditml_context";
    public static final String AUDITML_SEVERITY = "auditml_severity";

    // A detector
    public static final String FUNCTION = "function";
    public static final String FIELD_NAME = "field_name";
    public static final String BY_FIELD_NAME = "by_field_name";
    public static final String OVER_FIELD_NAME = "over_field_name";
    public static final String PARTITION_FIELD_NAME = "partition_field_name";
    public static final String DETECTOR_DESCRIPTION = "detector_description";
    public static final String USE_NULL = "use_null";
    public static final String EXCLUDE_FREQUENT = "exclude_frequent";
    public static final String CUSTOM_RULES = "custom_rules";
    public static final String DETECTOR_INDEX = "detector_index";
    public static final String AUDITML_MODEL = "auditml_model";

    // auditml_model (auditml's extension)
    public static final String TYPE = "type";
    public static final String VALUE_RANGE = "value_range";
    public static final String REST_BUCKETS = "rest_buckets";

    // analysis_limits
    public static final String MODEL_MEMORY_LIMIT = "model_memory_limit";
    public static final String CATEGORIZATION_EXAMPLES_LIMIT = "categorization_examples_limit";

    // data_description
    public static final String TIME_FIELD = "time_field";
    public static final String TIME_FORMAT = "time_format";
    public static final String FORMAT = "format";
    public static final String FIELD_DELIMITER = "field_delimiter";
    public static final String QUOTE_CHARACTER = "quote_character";

    // model_plot_config
    public static final String ENABLED = "enabled";
    public static final String TERMS = "terms";
    public static final String ANNOTATIONS_ENABLED = "annotations_enabled";

    private JobFields() {
    }
}

package org.auditml.engine.result;

import org.auditml.engine.job.JobFields;

/**
 * The JSON names of result documents, as Elastic spells them, declared once for the writers, the readers and the
 * store; the names results share with the job (job_id, by_field_name, ...) are {@link JobFields}'. The result types
 * are the values of {@link #RESULT_TYPE}.
 */
public final class ResultFields {
    public static final String RESULT_TYPE = "result_type";
    public static final String TIMESTAMP = "timestamp";
    public static final String PROBABILITY = "probability";
    public static final String PARTITION_FIELD_VALUE = "partition_field_value";
    public static final String OVER_FIELD_VALUE = "over_field_value";
    public static final String IS_INTERIM = "is_interim";
    public static final String INFLUENCER_FIELD_NAME = "influencer_field_name";
    public static final String BY_FIELD_VALUE = "by_field_value";
    public static final String ACTUAL = "actual";
    public static final String TYPICAL = "typical";
    public static final String MULTI_BUCKET_IMPACT = "multi_bucket_impact";
    public static final String INITIAL_ANOMALY_SCORE = "initial_anomaly_score";
    public static final String FUNCTION_DESCRIPTION = "function_description";
    public static final String ANOMALY_SCORE = "anomaly_score";
    public static final String UPPER_CONFIDENCE_BOUND = "upper_confidence_bound";
    public static final String TYPICAL_VALUE = "typical_value";
    public static final String TOTAL_PARTITION_FIELD_COUNT = "total_partition_field_count";
    public static final String TOTAL_BY_FIELD_COUNT = "total_by_field_count";
    public static final String SINGLE_BUCKET_IMPACT = "single_bucket_impact";
    public static final String RECORD_SCORE = "record_score";
    public static final String REASON = "reason";
    public static final String RAW_ANOMALY_SCORE = "raw_anomaly_score";
    public static final String PROCESSING_TIME_MS = "processing_time_ms";
    public static final String MODEL_UPPER = "model_upper";
    public static final String MODEL_MEDIAN = "model_median";
    public static final String MODEL_LOWER = "model_lower";
    public static final String MODEL_FEATURE = "model_feature";
    public static final String MODEL_BYTES_MEMORY_LIMIT = "model_bytes_memory_limit";
    public static final String MODEL_BYTES = "model_bytes";
    public static final String MEMORY_STATUS = "memory_status";
    public static final String LOWER_CONFIDENCE_BOUND = "lower_confidence_bound";
    public static final String LEARNING = "learning";
    public static final String INITIAL_RECORD_SCORE = "initial_record_score";
    public static final String INITIAL_INFLUENCER_SCORE = "initial_influencer_score";
    public static final String INFLUENCER_SCORE = "influencer_score";
    public static final String INFLUENCER_FIELD_VALUES = "influencer_field_values";
    public static final String INFLUENCER_FIELD_VALUE = "influencer_field_value";
    public static final String EVENT_COUNT = "event_count";
    public static final String CAUSES = "causes";
    public static final String BY_FIELD_RELATIVE_RARITY = "by_field_relative_rarity";
    public static final String BY_FIELD_FIRST_OCCURRENCE = "by_field_first_occurrence";
    public static final String BUCKET_INFLUENCERS = "bucket_influencers";
    public static final String BUCKET_ALLOCATION_FAILURES_COUNT = "bucket_allocation_failures_count";
    public static final String ANOMALY_TYPE = "anomaly_type";
    public static final String ANOMALY_SCORE_EXPLANATION = "anomaly_score_explanation";
    /** auditml's: what a score of a job with anchored severity came from: its probability, or the job's history while the model settles. */
    public static final String AUDITML_SCORE_FROM = "auditml_score_from";

    // values of result_type
    public static final String TYPE_RECORD = "record";
    public static final String TYPE_BUCKET = "bucket";
    public static final String TYPE_BUCKET_INFLUENCER = "bucket_influencer";
    public static final String TYPE_INFLUENCER = "influencer";
    public static final String TYPE_MODEL_PLOT = "model_plot";
    public static final String TYPE_MODEL_SIZE_STATS = "model_size_stats";

    private ResultFields() {
    }
}

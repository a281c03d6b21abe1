package org.auditml.engine.datafeed;

import org.auditml.engine.job.JobFields;

/** The JSON names of a datafeed, declared once for the parser, the writer and the messages. */
public final class DatafeedFields {
    public static final String DATAFEED_ID = "datafeed_id";
    public static final String JOB_ID = JobFields.JOB_ID;
    public static final String INDICES = "indices";
    /** Elastic's older spelling of {@link #INDICES}, still accepted (Kibana's module files use it). */
    public static final String INDEXES = "indexes";
    public static final String QUERY = "query";
    public static final String QUERY_DELAY = "query_delay";
    public static final String FREQUENCY = "frequency";
    public static final String SCROLL_SIZE = "scroll_size";
    public static final String CHUNKING_CONFIG = "chunking_config";
    public static final String DELAYED_DATA_CHECK_CONFIG = "delayed_data_check_config";
    public static final String MAX_EMPTY_SEARCHES = "max_empty_searches";
    public static final String INDICES_OPTIONS = "indices_options";
    public static final String AGGREGATIONS = "aggregations";
    public static final String AGGS = "aggs";
    public static final String SCRIPT_FIELDS = "script_fields";
    public static final String RUNTIME_MAPPINGS = "runtime_mappings";
    /** Elastic's GET wrapper: {@code {"count": n, "datafeeds": [...]}}. */
    public static final String DATAFEEDS = "datafeeds";
    /**
     * Fields that a GET _ml/datafeeds answer ({@code authorization}) or a _stats one holds and a PUT does not take;
     * ignored when a datafeed is read back.
     */
    public static final java.util.Set<String> READ_ONLY = java.util.Set.of("authorization", "state", "node",
            "timing_stats", "running_state", "assignment_explanation", "search_interval");

    private DatafeedFields() {
    }
}

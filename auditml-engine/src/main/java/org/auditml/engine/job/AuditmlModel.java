package org.auditml.engine.job;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * auditml's extension on a metric detector ({@code "auditml_model"}): judge each series with another model than
 * Elastic's. Absent, a detector keeps Elastic's semantics. The one type so far is {@code contextual}, a contextual
 * detector after CAD OSE (see {@code org.auditml.engine.model.ContextualModel}):
 *
 * <pre>{"function": "mean", "field_name": "value",
 *  "auditml_model": {"type": "contextual", "value_range": [0, 500], "rest_buckets": 30}}</pre>
 *
 * @param valueRange  the series' expected [min, max]: the model quantises values over it (values outside are clipped
 *                    to its ends, and a new extreme still scores through the model's running range)
 * @param restBuckets after an alert the detector stays silent this many buckets, so that one anomaly is one alert;
 *                    it is also silent for the first this many buckets, while it learns
 */
public record AuditmlModel(@JsonProperty(JobFields.TYPE) String type, @JsonProperty(JobFields.VALUE_RANGE) List<Double> valueRange,
                           @JsonProperty(JobFields.REST_BUCKETS) int restBuckets) {
    public static final String CONTEXTUAL = "contextual";
    /** CAD OSE's own default rest period. */
    public static final int DEFAULT_REST_BUCKETS = 30;
    /** A rest longer than this is a mistake (a year of 1-minute buckets). */
    static final int MAX_REST_BUCKETS = 525_600;

    public AuditmlModel {
        valueRange = List.copyOf(valueRange);
    }

    public double min() {
        return valueRange.get(0);
    }

    public double max() {
        return valueRange.get(1);
    }
}

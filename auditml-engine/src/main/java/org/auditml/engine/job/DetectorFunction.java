package org.auditml.engine.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Elastic's detector functions with what each allows: whether it needs {@code field_name}, whether {@code by},
 * {@code over} and {@code partition} fields are allowed or required, and which tail is anomalous. The rules are
 * Elastic's (its {@code Detector} capability tables and the function reference).
 */
public enum DetectorFunction {
    COUNT("count", Family.COUNT, Side.BOTH, "c"),
    HIGH_COUNT("high_count", Family.COUNT, Side.HIGH, "high_c"),
    LOW_COUNT("low_count", Family.COUNT, Side.LOW, "low_c"),
    NON_ZERO_COUNT("non_zero_count", Family.NON_ZERO_COUNT, Side.BOTH, "nzc"),
    HIGH_NON_ZERO_COUNT("high_non_zero_count", Family.NON_ZERO_COUNT, Side.HIGH, "high_nzc"),
    LOW_NON_ZERO_COUNT("low_non_zero_count", Family.NON_ZERO_COUNT, Side.LOW, "low_nzc"),
    DISTINCT_COUNT("distinct_count", Family.DISTINCT_COUNT, Side.BOTH, "dc"),
    HIGH_DISTINCT_COUNT("high_distinct_count", Family.DISTINCT_COUNT, Side.HIGH, "high_dc"),
    LOW_DISTINCT_COUNT("low_distinct_count", Family.DISTINCT_COUNT, Side.LOW, "low_dc"),
    RARE("rare", Family.RARE, Side.BOTH),
    FREQ_RARE("freq_rare", Family.FREQ_RARE, Side.BOTH),
    TIME_OF_DAY("time_of_day", Family.TIME, Side.BOTH),
    TIME_OF_WEEK("time_of_week", Family.TIME, Side.BOTH),
    INFO_CONTENT("info_content", Family.INFO_CONTENT, Side.BOTH),
    HIGH_INFO_CONTENT("high_info_content", Family.INFO_CONTENT, Side.HIGH),
    LOW_INFO_CONTENT("low_info_content", Family.INFO_CONTENT, Side.LOW),
    MEAN("mean", Family.METRIC, Side.BOTH, "avg"),
    HIGH_MEAN("high_mean", Family.METRIC, Side.HIGH, "high_avg"),
    LOW_MEAN("low_mean", Family.METRIC, Side.LOW, "low_avg"),
    MEDIAN("median", Family.METRIC, Side.BOTH),
    HIGH_MEDIAN("high_median", Family.METRIC, Side.HIGH),
    LOW_MEDIAN("low_median", Family.METRIC, Side.LOW),
    MIN("min", Family.METRIC, Side.LOW),
    MAX("max", Family.METRIC, Side.HIGH),
    SUM("sum", Family.METRIC, Side.BOTH),
    HIGH_SUM("high_sum", Family.METRIC, Side.HIGH),
    LOW_SUM("low_sum", Family.METRIC, Side.LOW),
    VARP("varp", Family.METRIC, Side.BOTH),
    HIGH_VARP("high_varp", Family.METRIC, Side.HIGH),
    LOW_VARP("low_varp", Family.METRIC, Side.LOW),
    METRIC("metric", Family.METRIC, Side.BOTH);

    /** Functions that share a model and the same field rules. */
    public enum Family {
        COUNT, NON_ZERO_COUNT, DISTINCT_COUNT, RARE, FREQ_RARE, TIME, INFO_CONTENT, METRIC
    }

    /** Which tail of the distribution is anomalous. */
    public enum Side {
        HIGH, LOW, BOTH
    }

    private final String jsonName;
    private final Family family;
    private final Side side;
    private final String[] aliases;

    DetectorFunction(String jsonName, Family family, Side side, String... aliases) {
        this.jsonName = jsonName;
        this.family = family;
        this.side = side;
        this.aliases = aliases;
    }

    /** The name in job JSON: {@code high_non_zero_count}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String jsonName() {
        return jsonName;
    }

    public Family family() {
        return family;
    }

    public Side side() {
        return side;
    }

    /** The function named {@code name} (Elastic's short names such as {@code nzc} and {@code dc} too). */
    public static Optional<DetectorFunction> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.jsonName.equals(n) || Arrays.asList(f.aliases).contains(n))
                .findFirst();
    }

    /** field_name must be set. */
    public boolean needsField() {
        return family == Family.DISTINCT_COUNT || family == Family.INFO_CONTENT || family == Family.METRIC;
    }

    /** field_name must not be set. */
    public boolean forbidsField() {
        return !needsField();
    }

    /** by_field_name must be set. */
    public boolean needsBy() {
        return family == Family.RARE || family == Family.FREQ_RARE;
    }

    /** over_field_name must be set. */
    public boolean needsOver() {
        return family == Family.FREQ_RARE;
    }

    /** over_field_name may be set. */
    public boolean allowsOver() {
        return family != Family.NON_ZERO_COUNT;
    }

    /** True for the functions that count events (whole or non-zero buckets). */
    public boolean isCount() {
        return family == Family.COUNT || family == Family.NON_ZERO_COUNT;
    }

    @Override
    public String toString() {
        return jsonName;
    }
}

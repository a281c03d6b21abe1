package org.auditml.engine.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A numeric condition of a rule: what it looks at ({@code actual}, {@code typical}, {@code diff_from_typical}, the
 * absolute difference of the two, or {@code time}, the bucket's start in epoch seconds), compared with a value.
 */
public record RuleCondition(@JsonProperty(RuleFields.APPLIES_TO) AppliesTo appliesTo,
                            @JsonProperty(RuleFields.OPERATOR) Operator operator,
                            @JsonProperty(RuleFields.VALUE) double value) {

    public enum AppliesTo {
        ACTUAL, TYPICAL, DIFF_FROM_TYPICAL, TIME;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<AppliesTo> of(String name) {
            return Arrays.stream(values()).filter(a -> a.jsonName().equals(name)).findFirst();
        }
    }

    public enum Operator {
        GT, GTE, LT, LTE;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Operator> of(String name) {
            return Arrays.stream(values()).filter(o -> o.jsonName().equals(name)).findFirst();
        }

        boolean test(double left, double right) {
            return switch (this) {
                case GT -> left > right;
                case GTE -> left >= right;
                case LT -> left < right;
                case LTE -> left <= right;
            };
        }
    }

    /** Whether a series' actual and typical values, in the bucket starting at {@code bucketStartMillis}, meet it. */
    public boolean test(double actual, double typical, long bucketStartMillis) {
        double left = switch (appliesTo) {
            case ACTUAL -> actual;
            case TYPICAL -> typical;
            case DIFF_FROM_TYPICAL -> Math.abs(actual - typical);
            case TIME -> Math.floorDiv(bucketStartMillis, 1000L);
        };
        return !Double.isNaN(left) && operator.test(left, value);
    }
}

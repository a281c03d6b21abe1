package org.auditml.engine.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** One field of a rule's scope: the series' value of it must be in ({@code include}) or out of the filter. */
public record RuleScope(@JsonProperty(RuleFields.FILTER_ID) String filterId,
                        @JsonProperty(RuleFields.FILTER_TYPE) FilterType filterType) {

    public enum FilterType {
        INCLUDE, EXCLUDE;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the value is in scope, given the filter this scope names. */
    public boolean covers(Filter filter, String value) {
        return filter.matches(value) == (filterType == FilterType.INCLUDE);
    }
}

package org.auditml.engine.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * One detector of a job: a function over a field, split by / over / partition fields. The compact constructor checks
 * Elastic's rules for the function; the problems name their field relative to the detector.
 *
 * @param auditmlModel auditml's extension: another model for a metric detector's series; null keeps Elastic's
 * @param customRules  Elastic's custom rules: when to skip a series' result or model update
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Detector(
        @JsonProperty(JobFields.FUNCTION) DetectorFunction function,
        @JsonProperty(JobFields.FIELD_NAME) String fieldName,
        @JsonProperty(JobFields.BY_FIELD_NAME) String byFieldName,
        @JsonProperty(JobFields.OVER_FIELD_NAME) String overFieldName,
        @JsonProperty(JobFields.PARTITION_FIELD_NAME) String partitionFieldName,
        @JsonProperty(JobFields.DETECTOR_DESCRIPTION) String detectorDescription,
        @JsonProperty(JobFields.USE_NULL) boolean useNull,
        @JsonProperty(JobFields.EXCLUDE_FREQUENT) String excludeFrequent,
        @JsonProperty(JobFields.AUDITML_MODEL) AuditmlModel auditmlModel,
        @JsonProperty(JobFields.CUSTOM_RULES) @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<org.auditml.engine.rule.DetectionRule> customRules) {

    /** Reserved by Elastic: these names cannot be by, over or partition fields. */
    private static final List<String> RESERVED = List.of("by", "over", "count");

    public Detector {
        List<ConfigException.Problem> problems = problems(function, fieldName, byFieldName, overFieldName,
                partitionFieldName, excludeFrequent);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        customRules = customRules == null ? List.of() : List.copyOf(customRules);
        if (detectorDescription == null) {
            detectorDescription = describe(function, fieldName, byFieldName, overFieldName, partitionFieldName);
        }
    }

    /** The problems with a detector's fields, relative to it ({@code by_field_name}, ...). */
    static List<ConfigException.Problem> problems(DetectorFunction function, String fieldName, String byFieldName,
                                                  String overFieldName, String partitionFieldName,
                                                  String excludeFrequent) {
        List<ConfigException.Problem> p = new ArrayList<>();
        if (function == null) {
            p.add(new ConfigException.Problem(JobFields.FUNCTION, "must be set"));
            return p;
        }
        if (function.needsField() && blank(fieldName)) {
            p.add(new ConfigException.Problem(JobFields.FIELD_NAME, "must be set when the '" + function + "' function is used"));
        }
        if (function.forbidsField() && fieldName != null) {
            p.add(new ConfigException.Problem(JobFields.FIELD_NAME, "must not be set when the '" + function + "' function is used"));
        }
        if (function.needsBy() && blank(byFieldName)) {
            p.add(new ConfigException.Problem(JobFields.BY_FIELD_NAME, "must be set when the '" + function + "' function is used"));
        }
        if (function.needsOver() && blank(overFieldName)) {
            p.add(new ConfigException.Problem(JobFields.OVER_FIELD_NAME, "must be set when the '" + function + "' function is used"));
        }
        if (!function.allowsOver() && overFieldName != null) {
            p.add(new ConfigException.Problem(JobFields.OVER_FIELD_NAME, "must not be set when the '" + function + "' function is used"));
        }
        checkName(p, JobFields.BY_FIELD_NAME, byFieldName);
        checkName(p, JobFields.OVER_FIELD_NAME, overFieldName);
        checkName(p, JobFields.PARTITION_FIELD_NAME, partitionFieldName);
        if (excludeFrequent != null && !List.of("all", "none", "by", "over").contains(excludeFrequent)) {
            p.add(new ConfigException.Problem(JobFields.EXCLUDE_FREQUENT, "must be one of all, none, by, over; was '" + excludeFrequent + "'"));
        }
        if (excludeFrequent != null && function.family() == DetectorFunction.Family.RARE && !"none".equals(excludeFrequent)) {
            p.add(new ConfigException.Problem(JobFields.EXCLUDE_FREQUENT, "cannot be combined with the 'rare' function"));
        }
        return p;
    }

    private static void checkName(List<ConfigException.Problem> p, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            p.add(new ConfigException.Problem(field, "must not be empty"));
        } else if (RESERVED.contains(value)) {
            p.add(new ConfigException.Problem(field, "'" + value + "' is reserved and cannot be used as a field name"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Elastic's default description: {@code rare by "process.executable" partitionfield="host.name"}. */
    static String describe(DetectorFunction f, String field, String by, String over, String partition) {
        StringBuilder sb = new StringBuilder(f.jsonName());
        if (field != null) {
            sb.append('(').append(field).append(')');
        }
        if (by != null) {
            sb.append(" by \"").append(by).append('"');
        }
        if (over != null) {
            sb.append(" over \"").append(over).append('"');
        }
        if (partition != null) {
            sb.append(" partitionfield=\"").append(partition).append('"');
        }
        return sb.toString();
    }

    /** The fields that split this detector's series: partition, over and by, in that order, without nulls. */
    public List<String> splitFields() {
        List<String> fields = new ArrayList<>(3);
        for (String f : new String[]{partitionFieldName, overFieldName, byFieldName}) {
            if (f != null) {
                fields.add(f);
            }
        }
        return fields;
    }
}

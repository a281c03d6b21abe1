package org.auditml.engine.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A custom rule of a detector, as Elastic's {@code custom_rules} hold them: it applies to a series in a bucket when
 * every scope field's value is covered by its filter and every condition holds; then its actions are taken. A
 * detector's rules are alternatives: any that applies acts.
 *
 * @param scope per by, over or partition field name, the filter its value is tested against
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DetectionRule(@JsonProperty(RuleFields.ACTIONS) List<RuleAction> actions,
                            @JsonProperty(RuleFields.SCOPE) Map<String, RuleScope> scope,
                            @JsonProperty(RuleFields.CONDITIONS) List<RuleCondition> conditions) {

    public DetectionRule {
        actions = List.copyOf(actions);
        scope = Collections.unmodifiableMap(new LinkedHashMap<>(scope));
        conditions = List.copyOf(conditions);
    }

    public boolean does(RuleAction action) {
        return actions.contains(action);
    }
}

package org.auditml.engine.rule;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** What a rule does when it applies: no record for the series, or no learning from it. */
public enum RuleAction {
    SKIP_RESULT("skip_result"),
    SKIP_MODEL_UPDATE("skip_model_update");

    private final String jsonName;

    RuleAction(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    public static Optional<RuleAction> of(String name) {
        return Arrays.stream(values()).filter(a -> a.jsonName.equals(name)).findFirst();
    }
}

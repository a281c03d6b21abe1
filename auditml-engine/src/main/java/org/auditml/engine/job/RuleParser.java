package org.auditml.engine.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.rule.DetectionRule;
import org.auditml.engine.rule.Filter;
import org.auditml.engine.rule.RuleAction;
import org.auditml.engine.rule.RuleCondition;
import org.auditml.engine.rule.RuleScope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import static org.auditml.engine.rule.RuleFields.*;

/**
 * Reads custom rules and filters from Elastic's JSON, strictly and with Elastic's checks: a rule needs a scope or a
 * condition, a scope names only the detector's by, over and partition fields, and the functions whose series have
 * no actual and typical value (rare, freq_rare, metric, lat_long) take conditions on time only.
 */
public final class RuleParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Elastic's form of ids: filters, calendars and jobs alike. */
    public static final Pattern ID_FORM = Pattern.compile("[a-z0-9](?:[a-z0-9_\\-]{0,62}[a-z0-9])?");
    private static final Set<String> RULE = Set.of(ACTIONS, SCOPE, CONDITIONS);
    private static final Set<String> CONDITION = Set.of(APPLIES_TO, OPERATOR, VALUE);
    private static final Set<String> SCOPE_FIELDS = Set.of(FILTER_ID, FILTER_TYPE);
    private static final Set<String> FILTER = Set.of(FILTER_ID, DESCRIPTION, ITEMS);
    private static final Set<DetectorFunction> TIME_CONDITIONS_ONLY = Set.of(DetectorFunction.RARE,
            DetectorFunction.FREQ_RARE, DetectorFunction.METRIC);

    private RuleParser() {
    }

    /**
     * A detector's {@code custom_rules}; each problem goes to {@code problem} with its path under {@code at}.
     * {@code by}, {@code over} and {@code partition} are the detector's split fields (null when not set).
     */
    public static List<DetectionRule> rules(JsonNode node, String at, DetectorFunction function, String by,
                                            String over, String partition, BiConsumer<String, String> problem) {
        List<DetectionRule> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problem.accept(at, "must be a list of rules");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            DetectionRule r = rule(node.get(i), at + "[" + i + "]", function, by, over, partition, problem);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static DetectionRule rule(JsonNode node, String at, DetectorFunction function, String by, String over,
                                      String partition, BiConsumer<String, String> problem) {
        if (!node.isObject()) {
            problem.accept(at, "must be an object with actions, scope and/or conditions");
            return null;
        }
        int[] count = {0};
        BiConsumer<String, String> p = (f, r) -> {
            count[0]++;
            problem.accept(f, r);
        };
        known(node, at + ".", RULE, p);
        List<RuleAction> actions = new ArrayList<>();
        JsonNode a = node.get(ACTIONS);
        if (a == null || a.isNull()) {
            actions.add(RuleAction.SKIP_RESULT); // Elastic's default
        } else if (!a.isArray() || a.isEmpty()) {
            p.accept(at + "." + ACTIONS, "must be a non-empty list of skip_result, skip_model_update");
        } else {
            for (int i = 0; i < a.size(); i++) {
                RuleAction action = RuleAction.of(a.get(i).asText()).orElse(null);
                if (action == null || !a.get(i).isTextual()) {
                    p.accept(at + "." + ACTIONS + "[" + i + "]", "must be skip_result or skip_model_update; was "
                            + a.get(i));
                } else if (!actions.contains(action)) {
                    actions.add(action);
                }
            }
        }
        Map<String, RuleScope> scope = scope(node.get(SCOPE), at + "." + SCOPE, by, over, partition, p);
        List<RuleCondition> conditions = conditions(node.get(CONDITIONS), at + "." + CONDITIONS, function, p);
        if (scope.isEmpty() && conditions.isEmpty() && count[0] == 0) {
            p.accept(at, "at least a scope or a condition is required");
        }
        return count[0] == 0 ? new DetectionRule(actions, scope, conditions) : null;
    }

    private static Map<String, RuleScope> scope(JsonNode node, String at, String by, String over, String partition,
                                                BiConsumer<String, String> problem) {
        Map<String, RuleScope> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            problem.accept(at, "must be an object: {\"<field>\": {\"filter_id\": ..., \"filter_type\": \"include\"}}");
            return out;
        }
        List<String> fields = new ArrayList<>();
        for (String f : new String[]{by, over, partition}) {
            if (f != null) {
                fields.add(f);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String fieldAt = at + "." + e.getKey();
            if (!fields.contains(e.getKey())) {
                problem.accept(fieldAt, "scope field [" + e.getKey() + "] is invalid; select from " + fields);
                continue;
            }
            JsonNode ref = e.getValue();
            if (!ref.isObject()) {
                problem.accept(fieldAt, "must be an object with filter_id and filter_type");
                continue;
            }
            known(ref, fieldAt + ".", SCOPE_FIELDS, problem);
            String filterId = ref.path(FILTER_ID).isTextual() ? ref.get(FILTER_ID).asText() : null;
            if (filterId == null) {
                problem.accept(fieldAt + "." + FILTER_ID, "must be set to a filter's id");
                continue;
            }
            String type = ref.has(FILTER_TYPE) ? ref.get(FILTER_TYPE).asText() : "include";
            if (!type.equals("include") && !type.equals("exclude")) {
                problem.accept(fieldAt + "." + FILTER_TYPE, "must be include or exclude; was " + ref.get(FILTER_TYPE));
                continue;
            }
            out.put(e.getKey().intern(), new RuleScope(filterId, type.equals("include")
                    ? RuleScope.FilterType.INCLUDE : RuleScope.FilterType.EXCLUDE));
        }
        return out;
    }

    private static List<RuleCondition> conditions(JsonNode node, String at, DetectorFunction function,
                                                  BiConsumer<String, String> problem) {
        List<RuleCondition> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problem.accept(at, "must be a list of conditions");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String cAt = at + "[" + i + "]";
            if (!c.isObject()) {
                problem.accept(cAt, "must be an object with applies_to, operator and value");
                continue;
            }
            known(c, cAt + ".", CONDITION, problem);
            RuleCondition.AppliesTo appliesTo = RuleCondition.AppliesTo.of(c.path(APPLIES_TO).asText()).orElse(null);
            RuleCondition.Operator operator = RuleCondition.Operator.of(c.path(OPERATOR).asText()).orElse(null);
            JsonNode value = c.get(VALUE);
            if (appliesTo == null) {
                problem.accept(cAt + "." + APPLIES_TO, "must be actual, typical, diff_from_typical or time; was "
                        + c.get(APPLIES_TO));
            } else if (appliesTo != RuleCondition.AppliesTo.TIME && function != null && onlyTime(function)) {
                problem.accept(cAt + "." + APPLIES_TO, "function [" + function.jsonName()
                        + "] only supports conditions that apply to time");
            } else if (appliesTo != RuleCondition.AppliesTo.TIME && function != null
                    && function.family() == DetectorFunction.Family.TIME) {
                problem.accept(cAt + "." + APPLIES_TO, "function [" + function.jsonName() + "] takes conditions on "
                        + "time only in auditml: its records carry a probability, not Elastic's time of day");
            }
            if (operator == null) {
                problem.accept(cAt + "." + OPERATOR, "must be gt, gte, lt or lte; was " + c.get(OPERATOR));
            }
            if (value == null || !value.isNumber()) {
                problem.accept(cAt + "." + VALUE, "must be a number; was " + value);
            }
            if (appliesTo != null && operator != null && value != null && value.isNumber()) {
                out.add(new RuleCondition(appliesTo, operator, value.asDouble()));
            }
        }
        return out;
    }

    private static boolean onlyTime(DetectorFunction function) {
        return TIME_CONDITIONS_ONLY.contains(function);
    }

    /** Refuses a job whose rules name a filter not among {@code known}, naming the detector and the rule. */
    public static void checkFilters(Job job, Collection<String> known) {
        List<ConfigException.Problem> problems = new ArrayList<>();
        List<Detector> detectors = job.analysisConfig().detectors();
        for (int d = 0; d < detectors.size(); d++) {
            List<DetectionRule> rules = detectors.get(d).customRules();
            for (int r = 0; r < rules.size(); r++) {
                for (Map.Entry<String, RuleScope> s : rules.get(r).scope().entrySet()) {
                    if (!known.contains(s.getValue().filterId())) {
                        problems.add(new ConfigException.Problem("analysis_config.detectors[" + d + "].custom_rules["
                                + r + "].scope." + s.getKey() + ".filter_id", "no filter with id ["
                                + s.getValue().filterId() + "] exists; create it first (PUT _ml/filters/"
                                + s.getValue().filterId() + ", or --filter FILE)"));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * A filter from the body of Elastic's {@code PUT _ml/filters/<filter_id>}; {@code filterId} (from the URL or
     * file name) is used when the body has none, and must agree with it when it has.
     */
    public static Filter filter(String json, String filterId) {
        JsonNode root = read(json, "filter");
        List<ConfigException.Problem> problems = new ArrayList<>();
        BiConsumer<String, String> p = (f, r) -> problems.add(new ConfigException.Problem(f, r));
        if (!root.isObject()) {
            throw new ConfigException("filter", List.of(new ConfigException.Problem("(body)", "a filter must be a JSON object")));
        }
        known(root, "", FILTER, p);
        String own = root.path(FILTER_ID).isTextual() ? root.get(FILTER_ID).asText() : null;
        if (own != null && filterId != null && !own.equals(filterId)) {
            p.accept(FILTER_ID, "inconsistent filter_id; '" + own + "' in the body differs from '" + filterId
                    + "' given for it");
        }
        String id = own != null ? own : filterId;
        checkId(id, FILTER_ID, p);
        String description = root.path(DESCRIPTION).isTextual() ? root.get(DESCRIPTION).asText() : null;
        if (root.has(DESCRIPTION) && !root.get(DESCRIPTION).isTextual()) {
            p.accept(DESCRIPTION, "must be a string");
        }
        List<String> items = items(root.get(ITEMS), ITEMS, p);
        if (!problems.isEmpty()) {
            throw new ConfigException("filter", problems);
        }
        return new Filter(id, description, items);
    }

    /** A list of filter items, each a non-empty string, at most {@link Filter#MAX_ITEMS}. */
    public static List<String> items(JsonNode node, String at, BiConsumer<String, String> problem) {
        List<String> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            problem.accept(at, "must be a list of strings");
            return items;
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() || node.get(i).asText().isEmpty()) {
                problem.accept(at + "[" + i + "]", "must be a non-empty string; was " + node.get(i));
            } else {
                items.add(node.get(i).asText());
            }
        }
        if (items.size() > Filter.MAX_ITEMS) {
            problem.accept(at, "has " + items.size() + " items; a filter holds at most " + Filter.MAX_ITEMS);
        }
        return items;
    }

    /** Elastic's id rules, for filters and calendars: 1-64 lower-case letters, digits, '-' or '_'. */
    public static void checkId(String id, String field, BiConsumer<String, String> problem) {
        if (id == null) {
            problem.accept(field, "must be set");
        } else if (!ID_FORM.matcher(id).matches()) {
            problem.accept(field, "'" + id + "' must be 1-64 lower-case letters, digits, '-' or '_', starting "
                    + "and ending with a letter or digit");
        }
    }

    /** Reads JSON, refusing what is not JSON with where it went wrong. */
    public static JsonNode read(String json, String kind) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null) {
                throw new ConfigException(kind, List.of(new ConfigException.Problem("(body)", "is empty")));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ConfigException(kind, List.of(new ConfigException.Problem("(body)", "not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr())));
        }
    }

    /** Elastic-shaped JSON of a filter, rule or calendar. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("must always serialise", e);
        }
    }

    static void known(JsonNode node, String prefix, Set<String> names, BiConsumer<String, String> problem) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                problem.accept(prefix + name, "unknown field" + JobParser.didYouMean(name, names));
            }
        }
    }
}

package org.auditml.engine.rule;

/** The JSON names of rules, filters and calendars, as Elastic spells them. */
public final class RuleFields {
    public static final String FILTER_ID = "filter_id";
    public static final String DESCRIPTION = "description";
    public static final String ITEMS = "items";
    public static final String ACTIONS = "actions";
    public static final String SCOPE = "scope";
    public static final String CONDITIONS = "conditions";
    public static final String FILTER_TYPE = "filter_type";
    public static final String APPLIES_TO = "applies_to";
    public static final String OPERATOR = "operator";
    public static final String VALUE = "value";

    private RuleFields() {
    }
}

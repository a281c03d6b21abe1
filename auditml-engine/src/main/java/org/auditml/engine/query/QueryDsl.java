package org.auditml.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.auditml.engine.EventView;
import org.auditml.engine.job.ConfigException;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Elasticsearch's query DSL compiled into a predicate over events, query by query as Elasticsearch builds its Lucene
 * query for the field's type; full-text queries are in {@link TextQueries}. Every option is checked: one that would
 * change matching and is not implemented is refused with its path.
 */
final class QueryDsl {
    static final List<String> SUPPORTED = List.of("bool", "constant_score", "dis_max", "match_all", "match_none",
            "term", "terms", "ids", "exists", "range", "prefix", "wildcard", "regexp", "match", "match_phrase",
            "match_phrase_prefix", "multi_match", "query_string", "simple_query_string");
    /** Options that change scores or names only. */
    static final Set<String> NO_EFFECT = Set.of("boost", "_name");

    final FieldMappings mappings;
    final Clock clock;
    private final TextQueries text;

    QueryDsl(FieldMappings mappings, Clock clock) {
        this.mappings = mappings;
        this.clock = clock;
        this.text = new TextQueries(this);
    }

    LuceneMatcher matcher(String path) {
        return new LuceneMatcher(mappings, clock, ZoneOffset.UTC, path);
    }

    Predicate<EventView> compile(JsonNode node, String path) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new ConfigException(path, "a query is an object with exactly one query type");
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        String type = e.getKey();
        JsonNode body = e.getValue();
        String at = path + "." + type;
        if (!body.isObject()) {
            throw new ConfigException(at, "must be an object");
        }
        return switch (type) {
            case "bool" -> bool(body, at);
            case "constant_score" -> {
                options(body, at, Set.of("filter"));
                if (!body.has("filter")) {
                    throw new ConfigException(at + ".filter", "must be set");
                }
                yield compile(body.get("filter"), at + ".filter");
            }
            case "dis_max" -> {
                options(body, at, Set.of("queries", "tie_breaker"));
                yield Combine.any(clauses(body.get("queries"), at + ".queries"));
            }
            case "match_all" -> {
                options(body, at, Set.of());
                yield ev -> true;
            }
            case "match_none" -> {
                options(body, at, Set.of());
                yield ev -> false;
            }
            case "term" -> term(body, at);
            case "terms" -> terms(body, at);
            case "ids" -> ids(body, at);
            case "exists" -> {
                options(body, at, Set.of("field"));
                JsonNode field = body.get("field");
                if (field == null || !field.isTextual()) {
                    throw new ConfigException(at + ".field", "must name the field");
                }
                yield matcher(at).exists(field.asText());
            }
            case "range" -> range(body, at);
            case "prefix" -> prefix(body, at);
            case "wildcard" -> wildcard(body, at);
            case "regexp" -> regexp(body, at);
            case "match" -> text.match(body, at);
            case "match_phrase" -> text.matchPhrase(body, at, false);
            case "match_phrase_prefix" -> text.matchPhrase(body, at, true);
            case "multi_match" -> text.multiMatch(body, at);
            case "query_string" -> text.queryString(body, at);
            case "simple_query_string" -> text.simpleQueryString(body, at);
            default -> throw new ConfigException(at, "unsupported query '" + type + "' (supported: "
                    + String.join(", ", SUPPORTED) + ")");
        };
    }

    private Predicate<EventView> bool(JsonNode body, String at) {
        options(body, at, Set.of("must", "filter", "should", "must_not", "minimum_should_match", "adjust_pure_negative"));
        List<Predicate<EventView>> required = new ArrayList<>();
        required.addAll(clauses(body.get("must"), at + ".must"));
        required.addAll(clauses(body.get("filter"), at + ".filter"));
        List<Predicate<EventView>> should = clauses(body.get("should"), at + ".should");
        List<Predicate<EventView>> mustNot = clauses(body.get("must_not"), at + ".must_not");
        if (required.isEmpty() && should.isEmpty() && mustNot.isEmpty()) {
            return ev -> true; // Elasticsearch: an empty bool matches everything
        }
        int needed = required.isEmpty() && !should.isEmpty() ? 1 : 0;
        JsonNode msm = body.get("minimum_should_match");
        if (msm != null && !msm.isNull()) {
            int n = minimumShouldMatch(should.size(), msm, at + ".minimum_should_match");
            if (n > 0) {
                needed = n;
            }
        }
        if (required.isEmpty() && should.isEmpty() && body.path("adjust_pure_negative").asBoolean(true)) {
            required.add(ev -> true); // Elasticsearch matches all but the excluded
        }
        return Combine.bool(required, mustNot, should, needed);
    }

    static int minimumShouldMatch(int optional, JsonNode spec, String at) {
        try {
            return MinimumShouldMatch.of(optional, spec.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, e.getMessage());
        }
    }

    List<Predicate<EventView>> clauses(JsonNode node, String at) {
        List<Predicate<EventView>> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(compile(node.get(i), at + "[" + i + "]"));
            }
        } else {
            out.add(compile(node, at));
        }
        return out;
    }

    /** A field-level query's field and its parameters ({@code {"f": "v"}} is {@code {"f": {valueKey: "v"}}}). */
    record FieldQuery(String field, JsonNode params, String at) {
        JsonNode get(String name) {
            JsonNode v = params.get(name);
            return v == null || v.isNull() ? null : v;
        }
    }

    /**
     * Reads a field-level query; {@code valueKeys}: the names its value may have (the first is the short form's), one
     * of which must be given; none for a range.
     */
    static FieldQuery fieldQuery(JsonNode body, String at, List<String> valueKeys, Set<String> allowed) {
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(n -> {
            if (!NO_EFFECT.contains(n)) {
                fields.add(n);
            }
        });
        if (fields.size() != 1) {
            throw new ConfigException(at, "must name exactly one field");
        }
        String field = fields.get(0);
        JsonNode v = body.get(field);
        String fat = at + "." + field;
        if (v.isObject()) {
            options(v, fat, allowed);
            if (!valueKeys.isEmpty() && valueKeys.stream().noneMatch(v::has)) {
                throw new ConfigException(fat, "needs '" + valueKeys.get(0) + "'");
            }
            return new FieldQuery(field, v, fat);
        }
        if (v.isContainerNode()) {
            throw new ConfigException(fat, "must be a value or an object of parameters");
        }
        return new FieldQuery(field, JsonNodeFactory.instance.objectNode()
                .set(valueKeys.isEmpty() ? "value" : valueKeys.get(0), v), fat);
    }

    /** Refuses an option not in {@code allowed} (nor boost, _name), naming it. */
    static void options(JsonNode body, String at, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name) && !NO_EFFECT.contains(name)) {
                throw new ConfigException(at + "." + name, "unsupported option '" + name + "'"
                        + (allowed.isEmpty() ? "" : " (supported: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
    }

    private static String scalar(JsonNode v, String at) {
        if (v == null || v.isContainerNode()) {
            throw new ConfigException(at, "needs a value");
        }
        return v.asText();
    }

    private Predicate<EventView> term(JsonNode body, String at) {
        FieldQuery q = fieldQuery(body, at, List.of("value"), Set.of("value", "case_insensitive"));
        String value = scalar(q.get("value"), q.at() + ".value");
        boolean ci = q.params().path("case_insensitive").asBoolean(false);
        FieldMappings.Mapping m = mappings.mapping(q.field());
        if (ci && (m.type().wholeValue() || m.type() == FieldType.TEXT)) {
            return matcher(q.at()).compile(new AutomatonQuery(new Term(q.field(), value), CaseInsensitive.term(value)));
        }
        return matcher(q.at()).term(new Term(q.field(), value));
    }

    private Predicate<EventView> terms(JsonNode body, String at) {
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(n -> {
            if (!NO_EFFECT.contains(n)) {
                fields.add(n);
            }
        });
        if (fields.size() != 1 || !body.get(fields.get(0)).isArray()) {
            throw new ConfigException(at, "must name one field and a list of values (terms lookup is not supported)");
        }
        String field = fields.get(0);
        LuceneMatcher matcher = matcher(at + "." + field);
        List<Predicate<EventView>> any = new ArrayList<>();
        JsonNode values = body.get(field);
        for (int i = 0; i < values.size(); i++) {
            any.add(matcher.term(new Term(field, scalar(values.get(i), at + "." + field + "[" + i + "]"))));
        }
        return Combine.any(any);
    }

    private Predicate<EventView> ids(JsonNode body, String at) {
        options(body, at, Set.of("values"));
        JsonNode values = body.get("values");
        if (values == null || !values.isArray()) {
            throw new ConfigException(at + ".values", "must be a list of ids");
        }
        Set<String> ids = new HashSet<>();
        values.forEach(v -> ids.add(v.asText()));
        return ev -> ev.values("_id").stream().anyMatch(ids::contains);
    }

    private Predicate<EventView> prefix(JsonNode body, String at) {
        FieldQuery q = fieldQuery(body, at, List.of("value", "prefix"), Set.of("value", "prefix", "case_insensitive", "rewrite"));
        String value = scalar(q.get("value") != null ? q.get("value") : q.get("prefix"), q.at() + ".value");
        boolean ci = q.params().path("case_insensitive").asBoolean(false);
        Term t = new Term(q.field(), value);
        return matcher(q.at()).compile(ci ? new AutomatonQuery(t, CaseInsensitive.prefix(value)) : new PrefixQuery(t));
    }

    /** Wildcards on a text field are normalised (lowercased) by its analyzer, as Elasticsearch does. */
    private Predicate<EventView> wildcard(JsonNode body, String at) {
        FieldQuery q = fieldQuery(body, at, List.of("value", "wildcard"), Set.of("value", "wildcard", "case_insensitive", "rewrite"));
        String value = scalar(q.get("value") != null ? q.get("value") : q.get("wildcard"), q.at() + ".value");
        boolean ci = q.params().path("case_insensitive").asBoolean(false);
        if (mappings.mapping(q.field()).type() == FieldType.TEXT) {
            value = value.toLowerCase(Locale.ROOT);
        }
        return matcher(q.at()).compile(new AutomatonQuery(new Term(q.field(), value),
                CaseInsensitive.wildcard(value, ci)));
    }

    private Predicate<EventView> regexp(JsonNode body, String at) {
        FieldQuery q = fieldQuery(body, at, List.of("value"), Set.of("value", "flags", "flags_value", "case_insensitive",
                "max_determinized_states", "rewrite"));
        String value = scalar(q.get("value"), q.at() + ".value");
        int flags = RegExp.ALL;
        if (q.get("flags") != null) {
            flags = regexpFlags(q.get("flags").asText(), q.at() + ".flags");
        } else if (q.get("flags_value") != null) {
            flags = q.get("flags_value").asInt();
        }
        int match = q.params().path("case_insensitive").asBoolean(false) ? RegExp.ASCII_CASE_INSENSITIVE : 0;
        int states = q.params().path("max_determinized_states").asInt(Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
        try {
            return matcher(q.at()).compile(new RegexpQuery(new Term(q.field(), value), flags, match, states));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(q.at() + ".value", "not a Lucene regular expression: " + e.getMessage());
        }
    }

    private static int regexpFlags(String spec, String at) {
        int flags = 0;
        for (String f : spec.split("\\|")) {
            flags |= switch (f.trim().toUpperCase(Locale.ROOT)) {
                case "ALL", "" -> RegExp.ALL;
                case "NONE" -> RegExp.NONE;
                case "ANYSTRING" -> RegExp.ANYSTRING;
                case "COMPLEMENT" -> RegExp.COMPLEMENT;
                case "EMPTY" -> RegExp.EMPTY;
                case "INTERSECTION" -> RegExp.INTERSECTION;
                case "INTERVAL" -> RegExp.INTERVAL;
                default -> throw new ConfigException(at, "unknown regexp flag '" + f + "' (ALL, ANYSTRING, COMPLEMENT, "
                        + "EMPTY, INTERSECTION, INTERVAL, NONE)");
            };
        }
        return flags;
    }

    private Predicate<EventView> range(JsonNode body, String at) {
        FieldQuery q = fieldQuery(body, at, List.of(), Set.of("gt", "gte", "lt", "lte", "from", "to", "include_lower",
                "include_upper", "format", "time_zone", "relation"));
        String from = null;
        String to = null;
        boolean includeFrom = true;
        boolean includeTo = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = q.params().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> b = it.next();
            JsonNode v = b.getValue();
            String value = v.isNull() ? null : scalar(v, q.at() + "." + b.getKey());
            switch (b.getKey()) {
                case "gt" -> { from = value; includeFrom = false; }
                case "gte" -> { from = value; includeFrom = true; }
                case "from" -> from = value;
                case "lt" -> { to = value; includeTo = false; }
                case "lte" -> { to = value; includeTo = true; }
                case "to" -> to = value;
                default -> {
                    // options, read below
                }
            }
        }
        includeFrom = q.params().path("include_lower").asBoolean(includeFrom);
        includeTo = q.params().path("include_upper").asBoolean(includeTo);
        String relation = q.params().path("relation").asText("intersects");
        if (!relation.equalsIgnoreCase("intersects")) {
            throw new ConfigException(q.at() + ".relation", "only 'intersects' applies to fields that are not ranges");
        }
        FieldMappings.Mapping m = mappings.mapping(q.field());
        LuceneMatcher matcher = matcher(q.at());
        switch (m.type()) {
            case DATE -> {
                String format = q.params().path("format").asText(DateMath.DEFAULT_FORMAT);
                ZoneId zone;
                try {
                    DateMath.checkFormat(format);
                    zone = ZoneId.of(q.params().path("time_zone").asText("UTC"));
                } catch (IllegalArgumentException | DateTimeException e) {
                    throw new ConfigException(q.at(), e.getMessage());
                }
                return matcher.dateRange(q.field(), from, to, includeFrom, includeTo, format, zone);
            }
            case LONG, DOUBLE, IP -> {
                return matcher.numericRange(q.field(), m.type(), from, to, includeFrom, includeTo);
            }
            case KEYWORD, WILDCARD, TEXT -> {
                return matcher.compile(TermRangeQuery.newStringRange(q.field(), from, to, includeFrom, includeTo));
            }
            default -> throw new ConfigException(q.at(), "a range on field " + q.field() + " (" + m.type().name()
                    .toLowerCase(Locale.ROOT) + ") is not supported");
        }
    }
}

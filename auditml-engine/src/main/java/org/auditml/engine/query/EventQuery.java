package org.auditml.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.engine.EventView;
import org.auditml.engine.job.ConfigException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A compiled datafeed query: {@link #of} reads the JSON once and refuses what it cannot evaluate, naming the path
 * ({@code query.bool.filter[1].regexp: unsupported query 'regexp'}); {@link #matches} then tests events.
 */
public final class EventQuery {
    private static final List<String> SUPPORTED = List.of("bool", "term", "terms", "match", "match_phrase", "exists",
            "range", "wildcard", "prefix", "match_all");

    private final Predicate<EventView> predicate;

    private EventQuery(Predicate<EventView> predicate) {
        this.predicate = predicate;
    }

    /** Matches everything (a datafeed without a query). */
    public static EventQuery all() {
        return new EventQuery(e -> true);
    }

    /** Compiles a query; {@code path} names it in errors (e.g. "query"). */
    public static EventQuery of(JsonNode query, String path) {
        if (query == null || query.isNull()) {
            return all();
        }
        return new EventQuery(compile(query, path));
    }

    public boolean matches(EventView event) {
        return predicate.test(event);
    }

    private static Predicate<EventView> compile(JsonNode node, String path) {
        if (!node.isObject() || node.size() != 1) {
            throw new ConfigException(path, "a query is an object with exactly one query type");
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        String type = e.getKey();
        JsonNode body = e.getValue();
        String at = path + "." + type;
        return switch (type) {
            case "bool" -> bool(body, at);
            case "term" -> term(body, at);
            case "terms" -> terms(body, at);
            case "match" -> match(body, at, false);
            case "match_phrase" -> match(body, at, true);
            case "exists" -> exists(body, at);
            case "range" -> range(body, at);
            case "wildcard" -> wildcard(body, at, false);
            case "prefix" -> wildcard(body, at, true);
            case "match_all" -> ev -> true;
            default -> throw new ConfigException(at, "unsupported query '" + type + "' (supported: "
                    + String.join(", ", SUPPORTED) + ")");
        };
    }

    private static Predicate<EventView> bool(JsonNode body, String at) {
        List<Predicate<EventView>> must = new ArrayList<>();
        List<Predicate<EventView>> mustNot = new ArrayList<>();
        List<Predicate<EventView>> should = new ArrayList<>();
        int minimumShould = -1;
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> clause = it.next();
            String key = clause.getKey();
            switch (key) {
                case "filter", "must" -> must.addAll(clauses(clause.getValue(), at + "." + key));
                case "must_not" -> mustNot.addAll(clauses(clause.getValue(), at + "." + key));
                case "should" -> should.addAll(clauses(clause.getValue(), at + "." + key));
                case "minimum_should_match" -> minimumShould = clause.getValue().asInt();
                case "boost", "_name" -> {
                    // no effect on matching
                }
                default -> throw new ConfigException(at + "." + key, "unknown bool clause (filter, must, must_not, "
                        + "should, minimum_should_match)");
            }
        }
        int needed = minimumShould >= 0 ? minimumShould : (must.isEmpty() && !should.isEmpty() ? 1 : 0);
        return ev -> {
            for (Predicate<EventView> p : must) {
                if (!p.test(ev)) {
                    return false;
                }
            }
            for (Predicate<EventView> p : mustNot) {
                if (p.test(ev)) {
                    return false;
                }
            }
            int matched = 0;
            for (Predicate<EventView> p : should) {
                if (matched >= needed) {
                    break;
                }
                if (p.test(ev)) {
                    matched++;
                }
            }
            return matched >= needed;
        };
    }

    private static List<Predicate<EventView>> clauses(JsonNode node, String at) {
        List<Predicate<EventView>> out = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(compile(node.get(i), at + "[" + i + "]"));
            }
        } else {
            out.add(compile(node, at));
        }
        return out;
    }

    private static Map.Entry<String, JsonNode> single(JsonNode body, String at) {
        if (!body.isObject() || body.size() != 1) {
            throw new ConfigException(at, "must name exactly one field");
        }
        return body.fields().next();
    }

    private static Predicate<EventView> term(JsonNode body, String at) {
        Map.Entry<String, JsonNode> f = single(body, at);
        JsonNode v = f.getValue().isObject() ? f.getValue().get("value") : f.getValue();
        if (v == null || v.isContainerNode()) {
            throw new ConfigException(at + "." + f.getKey(), "needs a value");
        }
        String field = f.getKey();
        String value = v.asText();
        return ev -> ev.hasValue(field, value);
    }

    /**
     * wildcard ({@code *} any characters, {@code ?} one) and prefix, on keyword values: case-sensitive unless
     * {@code case_insensitive} is set, as in Elasticsearch.
     */
    private static Predicate<EventView> wildcard(JsonNode body, String at, boolean prefix) {
        Map.Entry<String, JsonNode> f = single(body, at);
        JsonNode spec = f.getValue();
        JsonNode v = spec.isObject() ? (spec.has("value") ? spec.get("value") : spec.get(prefix ? "prefix" : "wildcard")) : spec;
        if (v == null || !v.isTextual()) {
            throw new ConfigException(at + "." + f.getKey(), "needs a " + (prefix ? "prefix" : "pattern"));
        }
        boolean ignoreCase = spec.isObject() && spec.path("case_insensitive").asBoolean(false);
        StringBuilder regex = new StringBuilder();
        String pattern = v.asText();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (!prefix && c == '*') {
                regex.append(".*");
            } else if (!prefix && c == '?') {
                regex.append('.');
            } else if (!prefix && c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        if (prefix) {
            regex.append(".*");
        }
        java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(regex.toString(),
                java.util.regex.Pattern.DOTALL | (ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE : 0));
        String field = f.getKey();
        return ev -> ev.values(field).stream().anyMatch(x -> compiled.matcher(x).matches());
    }

    private static Predicate<EventView> terms(JsonNode body, String at) {
        Map.Entry<String, JsonNode> f = body.fields().hasNext() ? body.fields().next() : null;
        if (f == null || !f.getValue().isArray()) {
            throw new ConfigException(at, "must name a field and a list of values");
        }
        List<String> values = new ArrayList<>();
        f.getValue().forEach(v -> values.add(v.asText()));
        String field = f.getKey();
        return ev -> ev.values(field).stream().anyMatch(values::contains);
    }

    /** match: every word of the query among the field's words (case-insensitive); match_phrase: the words in order. */
    private static Predicate<EventView> match(JsonNode body, String at, boolean phrase) {
        Map.Entry<String, JsonNode> f = single(body, at);
        JsonNode v = f.getValue().isObject() ? f.getValue().get("query") : f.getValue();
        if (v == null || v.isContainerNode()) {
            throw new ConfigException(at + "." + f.getKey(), "needs a query text");
        }
        String field = f.getKey();
        String text = v.asText().toLowerCase(Locale.ROOT);
        String[] words = text.split("\\s+");
        return ev -> {
            for (String value : ev.values(field)) {
                String lower = value.toLowerCase(Locale.ROOT);
                if (phrase ? (" " + lower + " ").contains(" " + text + " ") || lower.equals(text)
                        : containsAllWords(lower, words)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean containsAllWords(String value, String[] words) {
        List<String> have = List.of(value.split("[\\s/.,:;=_-]+"));
        for (String w : words) {
            if (!have.contains(w) && !value.equals(w)) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<EventView> exists(JsonNode body, String at) {
        JsonNode field = body.get("field");
        if (field == null || !field.isTextual()) {
            throw new ConfigException(at + ".field", "must name the field");
        }
        String name = field.asText().intern(); // the same instance as the events' own names compares at once
        return ev -> ev.has(name);
    }

    private static Predicate<EventView> range(JsonNode body, String at) {
        Map.Entry<String, JsonNode> f = single(body, at);
        String field = f.getKey();
        JsonNode bounds = f.getValue();
        List<Predicate<Double>> checks = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = bounds.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> b = it.next();
            String op = b.getKey();
            if (op.equals("format") || op.equals("time_zone") || op.equals("boost")) {
                continue;
            }
            double limit = number(b.getValue().asText(), at + "." + field + "." + op);
            checks.add(switch (op) {
                case "gt" -> x -> x > limit;
                case "gte" -> x -> x >= limit;
                case "lt" -> x -> x < limit;
                case "lte" -> x -> x <= limit;
                default -> throw new ConfigException(at + "." + field + "." + op, "unknown range bound (gt, gte, lt, lte)");
            });
        }
        boolean time = "@timestamp".equals(field);
        return ev -> {
            List<String> values = time ? List.of(Long.toString(ev.timestampMillis())) : ev.values(field);
            for (String v : values) {
                Double x = parse(v);
                if (x != null && checks.stream().allMatch(c -> c.test(x))) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A number, or an ISO-8601 time as epoch milliseconds; date math ("now-1d") is refused. */
    private static double number(String text, String at) {
        Double v = parse(text);
        if (v == null) {
            throw new ConfigException(at, "'" + text + "' is neither a number nor an ISO-8601 time (date math is not supported)");
        }
        return v;
    }

    private static Double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            try {
                return (double) Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}

package org.auditml.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.auditml.engine.EventView;
import org.auditml.engine.job.ConfigException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Elasticsearch's full-text queries: the query text analyzed as the field is (standard analyzer for text, the whole
 * text for keyword and other types), then matched term by term; {@code query_string} and {@code simple_query_string}
 * parsed by Lucene's own parsers.
 */
final class TextQueries {
    /** The field Lucene's parser gives unfielded terms when no default field is set; refused after parsing. */
    private static final String NO_DEFAULT_FIELD = "\u0000no default field";
    private static final Set<String> FUZZY_OFF = Set.of("prefix_length", "max_expansions", "fuzzy_transpositions",
            "fuzzy_rewrite", "auto_generate_synonyms_phrase_query");

    private final QueryDsl dsl;
    private final FieldAnalyzer analyzer;

    TextQueries(QueryDsl dsl) {
        this.dsl = dsl;
        this.analyzer = new FieldAnalyzer(dsl.mappings);
    }

    /** How a match query combines its terms. */
    private record Matching(boolean and, JsonNode minimumShouldMatch, boolean zeroTermsAll, boolean lenient) {
        static Matching of(JsonNode params, String at) {
            boolean and = isAnd(params, "operator", at);
            String zero = params.path("zero_terms_query").asText("none").toLowerCase(Locale.ROOT);
            if (!zero.equals("none") && !zero.equals("all")) {
                throw new ConfigException(at + ".zero_terms_query", "must be 'none' or 'all'; was '" + zero + "'");
            }
            JsonNode msm = params.get("minimum_should_match");
            return new Matching(and, msm == null || msm.isNull() ? null : msm, zero.equals("all"),
                    params.path("lenient").asBoolean(false));
        }
    }

    Predicate<EventView> match(JsonNode body, String at) {
        Set<String> allowed = new HashSet<>(Set.of("query", "operator", "minimum_should_match", "zero_terms_query",
                "lenient", "analyzer"));
        allowed.addAll(FUZZY_OFF);
        QueryDsl.FieldQuery q = QueryDsl.fieldQuery(body, at, List.of("query"), allowed);
        checkAnalyzer(q.params(), q.at());
        return fieldMatch(q.field(), queryText(q.params(), q.at()), Matching.of(q.params(), q.at()), q.at());
    }

    private static String queryText(JsonNode params, String at) {
        JsonNode v = params.get("query");
        if (v == null || v.isContainerNode() || v.isNull()) {
            throw new ConfigException(at + ".query", "needs a query text");
        }
        return v.asText();
    }

    /** An analyzer other than the field's own would change the terms; only "standard" (the text fields') is taken. */
    private static void checkAnalyzer(JsonNode params, String at) {
        JsonNode a = params.get("analyzer");
        if (a != null && !a.asText().equals("standard")) {
            throw new ConfigException(at + ".analyzer", "only the fields' own analysis is supported; was '"
                    + a.asText() + "'");
        }
    }

    private Predicate<EventView> fieldMatch(String field, String text, Matching how, String at) {
        FieldMappings.Mapping m = dsl.mappings.mapping(field);
        LuceneMatcher matcher = dsl.matcher(at);
        if (m.type() != FieldType.TEXT) {
            try {
                return matcher.term(new Term(field, text));
            } catch (ConfigException e) {
                if (how.lenient()) {
                    return ev -> false;
                }
                throw e;
            }
        }
        List<String> tokens = IndexedValues.tokens(field, text);
        if (tokens.isEmpty()) {
            return how.zeroTermsAll() ? ev -> true : ev -> false;
        }
        if (tokens.size() == 1) {
            return matcher.term(new Term(field, tokens.get(0)));
        }
        List<Predicate<EventView>> clauses = tokens.stream().map(t -> matcher.term(new Term(field, t))).toList();
        return combine(clauses, how, at);
    }

    private static Predicate<EventView> combine(List<Predicate<EventView>> clauses, Matching how, String at) {
        if (how.and()) {
            return Combine.bool(clauses, List.of(), List.of(), 0);
        }
        int needed = 1;
        if (how.minimumShouldMatch() != null) {
            needed = Math.max(1, QueryDsl.minimumShouldMatch(clauses.size(), how.minimumShouldMatch(),
                    at + ".minimum_should_match"));
        }
        return Combine.bool(List.of(), List.of(), clauses, needed);
    }

    Predicate<EventView> matchPhrase(JsonNode body, String at, boolean prefix) {
        Set<String> allowed = new HashSet<>(Set.of("query", "slop", "zero_terms_query", "analyzer"));
        if (prefix) {
            allowed.add("max_expansions");
        }
        QueryDsl.FieldQuery q = QueryDsl.fieldQuery(body, at, List.of("query"), allowed);
        checkAnalyzer(q.params(), q.at());
        if (q.params().path("slop").asInt(0) != 0) {
            throw new ConfigException(q.at() + ".slop", "phrase slop is not supported (only exact phrases)");
        }
        return phrase(q.field(), queryText(q.params(), q.at()), prefix, Matching.of(q.params(), q.at()), q.at());
    }

    private Predicate<EventView> phrase(String field, String text, boolean prefix, Matching how, String at) {
        FieldMappings.Mapping m = dsl.mappings.mapping(field);
        LuceneMatcher matcher = dsl.matcher(at);
        if (m.type() != FieldType.TEXT) {
            if (prefix && !m.type().wholeValue()) {
                throw new ConfigException(at, "match_phrase_prefix on field " + field + " ("
                        + m.type().name().toLowerCase(Locale.ROOT) + ") is refused by Elasticsearch too");
            }
            return prefix ? matcher.compile(new PrefixQuery(new Term(field, text))) : fieldMatch(field, text, how, at);
        }
        List<String> tokens = IndexedValues.tokens(field, text);
        if (tokens.isEmpty()) {
            return how.zeroTermsAll() ? ev -> true : ev -> false;
        }
        if (!prefix) {
            return tokens.size() == 1 ? matcher.term(new Term(field, tokens.get(0)))
                    : matcher.compile(new PhraseQuery(field, tokens.toArray(new String[0])));
        }
        return phrasePrefix(m, tokens);
    }

    /** The tokens in order, the last one as a prefix (within one value). */
    private static Predicate<EventView> phrasePrefix(FieldMappings.Mapping m, List<String> tokens) {
        int n = tokens.size();
        String last = tokens.get(n - 1);
        return ev -> {
            for (List<String> have : IndexedValues.tokenLists(ev, m)) {
                for (int start = 0; start + n <= have.size(); start++) {
                    boolean all = true;
                    for (int k = 0; k < n - 1 && all; k++) {
                        all = tokens.get(k).equals(have.get(start + k));
                    }
                    if (all && have.get(start + n - 1).startsWith(last)) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    Predicate<EventView> multiMatch(JsonNode body, String at) {
        Set<String> allowed = new HashSet<>(Set.of("query", "fields", "type", "operator", "minimum_should_match",
                "tie_breaker", "zero_terms_query", "lenient", "analyzer", "slop"));
        allowed.addAll(FUZZY_OFF);
        QueryDsl.options(body, at, allowed);
        checkAnalyzer(body, at);
        String text = queryText(body, at);
        List<String> fields = fields(body.get("fields"), at + ".fields").keySet().stream().toList();
        Matching how = Matching.of(body, at);
        if (body.path("slop").asInt(0) != 0) {
            throw new ConfigException(at + ".slop", "phrase slop is not supported (only exact phrases)");
        }
        String type = body.path("type").asText("best_fields");
        List<Predicate<EventView>> perField = new ArrayList<>();
        switch (type) {
            case "best_fields", "most_fields" -> fields.forEach(f -> perField.add(fieldMatch(f, text, how, at)));
            case "phrase", "phrase_prefix" -> fields.forEach(f -> perField.add(phrase(f, text,
                    type.equals("phrase_prefix"), how, at)));
            case "cross_fields" -> {
                return crossFields(fields, text, how, at);
            }
            default -> throw new ConfigException(at + ".type", "multi_match type '" + type + "' is not supported "
                    + "(best_fields, most_fields, cross_fields, phrase, phrase_prefix)");
        }
        return Combine.any(perField);
    }

    /** Term-centric: each term in any of the fields, the terms combined by the operator. */
    private Predicate<EventView> crossFields(List<String> fields, String text, Matching how, String at) {
        for (String f : fields) {
            if (dsl.mappings.mapping(f).type() != FieldType.TEXT) {
                throw new ConfigException(at + ".type", "cross_fields over field " + f + " which is not text is "
                        + "not supported (Elasticsearch groups such fields by analyzer)");
            }
        }
        List<String> tokens = IndexedValues.tokens(fields.get(0), text);
        if (tokens.isEmpty()) {
            return how.zeroTermsAll() ? ev -> true : ev -> false;
        }
        LuceneMatcher matcher = dsl.matcher(at);
        List<Predicate<EventView>> clauses = new ArrayList<>();
        for (String t : tokens) {
            clauses.add(Combine.any(fields.stream().map(f -> matcher.term(new Term(f, t))).toList()));
        }
        return clauses.size() == 1 ? clauses.get(0) : combine(clauses, how, at);
    }

    /** Field names with their boosts ({@code "user.name^2"}); wildcards in names are refused. */
    private static Map<String, Float> fields(JsonNode node, String at) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new ConfigException(at, "must list the fields (auditml does not search every field, "
                    + "Elasticsearch's default '*')");
        }
        Map<String, Float> out = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String spec = node.get(i).asText();
            if (spec.contains("*")) {
                throw new ConfigException(at + "[" + i + "]", "field patterns ('" + spec + "') are not supported");
            }
            int hat = spec.indexOf('^');
            out.put(hat < 0 ? spec : spec.substring(0, hat), hat < 0 ? 1f : Float.parseFloat(spec.substring(hat + 1)));
        }
        return out;
    }

    Predicate<EventView> queryString(JsonNode body, String at) {
        QueryDsl.options(body, at, Set.of("query", "default_field", "fields", "default_operator", "analyze_wildcard",
                "allow_leading_wildcard", "lenient", "time_zone", "minimum_should_match",
                "auto_generate_synonyms_phrase_query", "enable_position_increments", "max_determinized_states",
                "rewrite", "type", "tie_breaker", "phrase_slop", "escape"));
        String text = queryText(body, at);
        if (!body.path("type").asText("best_fields").equals("best_fields")) {
            throw new ConfigException(at + ".type", "only best_fields is supported");
        }
        if (body.path("phrase_slop").asInt(0) != 0) {
            throw new ConfigException(at + ".phrase_slop", "phrase slop is not supported (only exact phrases)");
        }
        Map<String, Float> fields;
        if (body.has("fields")) {
            fields = fields(body.get("fields"), at + ".fields");
        } else {
            String defaultField = body.path("default_field").asText(NO_DEFAULT_FIELD);
            if (defaultField.contains("*")) {
                throw new ConfigException(at + ".default_field", "field patterns ('" + defaultField
                        + "') are not supported");
            }
            fields = Map.of(defaultField, 1f);
        }
        QueryParser parser = new EsQueryParser(fields.keySet().toArray(new String[0]), analyzer, fields);
        configure(parser, body, at);
        ZoneId zone;
        try {
            zone = ZoneId.of(body.path("time_zone").asText("UTC"));
        } catch (DateTimeException e) {
            throw new ConfigException(at + ".time_zone", e.getMessage());
        }
        Query q;
        try {
            q = parser.parse(text);
        } catch (ParseException | IllegalArgumentException e) {
            throw new ConfigException(at + ".query", "not valid query syntax: " + firstLine(e.getMessage()));
        }
        refuseUnfielded(q, at);
        q = applyMinimumShouldMatch(fixNegative(q), body.get("minimum_should_match"), at);
        return new LuceneMatcher(dsl.mappings, dsl.clock, zone, at).compile(q);
    }

    /** Elasticsearch's settings of Lucene's classic parser. */
    private static void configure(QueryParser parser, JsonNode body, String at) {
        parser.setDefaultOperator(isAnd(body, "default_operator", at) ? QueryParser.Operator.AND : QueryParser.Operator.OR);
        parser.setAllowLeadingWildcard(body.path("allow_leading_wildcard").asBoolean(true));
        parser.setSplitOnWhitespace(false);
        parser.setAutoGeneratePhraseQueries(false);
        parser.setEnablePositionIncrements(body.path("enable_position_increments").asBoolean(true));
    }

    Predicate<EventView> simpleQueryString(JsonNode body, String at) {
        QueryDsl.options(body, at, Set.of("query", "fields", "default_operator", "analyze_wildcard", "flags",
                "lenient", "minimum_should_match", "auto_generate_synonyms_phrase_query", "fuzzy_max_expansions",
                "fuzzy_prefix_length", "fuzzy_transpositions"));
        String text = queryText(body, at);
        Map<String, Float> fields = fields(body.get("fields"), at + ".fields");
        SimpleQueryParser parser = new SimpleQueryParser(analyzer, fields, simpleFlags(body.path("flags")
                .asText("ALL"), at + ".flags"));
        parser.setDefaultOperator(isAnd(body, "default_operator", at) ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD);
        Query q = parser.parse(text);
        q = applyMinimumShouldMatch(q, body.get("minimum_should_match"), at);
        return new LuceneMatcher(dsl.mappings, dsl.clock, ZoneOffset.UTC, at).compile(q);
    }

    private static int simpleFlags(String spec, String at) {
        int flags = 0;
        for (String f : spec.split("\\|")) {
            flags |= switch (f.trim().toUpperCase(Locale.ROOT)) {
                case "ALL" -> -1;
                case "NONE" -> 0;
                case "AND" -> SimpleQueryParser.AND_OPERATOR;
                case "OR" -> SimpleQueryParser.OR_OPERATOR;
                case "NOT" -> SimpleQueryParser.NOT_OPERATOR;
                case "PREFIX" -> SimpleQueryParser.PREFIX_OPERATOR;
                case "PHRASE" -> SimpleQueryParser.PHRASE_OPERATOR;
                case "PRECEDENCE" -> SimpleQueryParser.PRECEDENCE_OPERATORS;
                case "ESCAPE" -> SimpleQueryParser.ESCAPE_OPERATOR;
                case "WHITESPACE" -> SimpleQueryParser.WHITESPACE_OPERATOR;
                case "FUZZY" -> SimpleQueryParser.FUZZY_OPERATOR;
                case "NEAR", "SLOP" -> SimpleQueryParser.NEAR_OPERATOR;
                default -> throw new ConfigException(at, "unknown flag '" + f + "'");
            };
        }
        return flags;
    }

    private static void refuseUnfielded(Query q, String at) {
        Set<String> fields = new HashSet<>();
        q.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                fields.add(field);
                return true;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        if (fields.contains(NO_DEFAULT_FIELD)) {
            throw new ConfigException(at + ".default_field", "the query has terms without a field: set default_field "
                    + "or fields (auditml does not search every field, Elasticsearch's default '*')");
        }
    }

    /** Elasticsearch's parser gives a purely negative clause group everything else to exclude from. */
    static Query fixNegative(Query q) {
        if (q instanceof BoostQuery b) {
            return new BoostQuery(fixNegative(b.getQuery()), b.getBoost());
        }
        if (!(q instanceof BooleanQuery b)) {
            return q;
        }
        BooleanQuery.Builder out = new BooleanQuery.Builder().setMinimumNumberShouldMatch(b.getMinimumNumberShouldMatch());
        boolean onlyNegative = true;
        for (BooleanClause c : b.clauses()) {
            out.add(fixNegative(c.getQuery()), c.getOccur());
            onlyNegative &= c.getOccur() == BooleanClause.Occur.MUST_NOT;
        }
        if (onlyNegative && !b.clauses().isEmpty()) {
            out.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
        }
        return out.build();
    }

    private static Query applyMinimumShouldMatch(Query q, JsonNode spec, String at) {
        if (spec == null || spec.isNull() || !(q instanceof BooleanQuery b)) {
            return q;
        }
        int optional = (int) b.clauses().stream().filter(c -> c.getOccur() == BooleanClause.Occur.SHOULD).count();
        int n = QueryDsl.minimumShouldMatch(optional, spec, at + ".minimum_should_match");
        if (n <= 0) {
            return q;
        }
        BooleanQuery.Builder out = new BooleanQuery.Builder().setMinimumNumberShouldMatch(n);
        b.clauses().forEach(out::add);
        return out.build();
    }

    /** An operator option: true for 'and', false for 'or' (the default), any case. */
    private static boolean isAnd(JsonNode params, String name, String at) {
        String op = params.path(name).asText("or").toLowerCase(Locale.ROOT);
        if (!op.equals("or") && !op.equals("and")) {
            throw new ConfigException(at + "." + name, "must be 'or' or 'and'; was '" + op + "'");
        }
        return op.equals("and");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

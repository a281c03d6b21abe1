package org.auditml.engine.query;

import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.auditml.engine.EventView;
import org.auditml.engine.job.ConfigException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Evaluates a Lucene query against one event, as the query would match the event's document in an Elasticsearch
 * index: compiled once into a predicate over the event's {@link IndexedValues}. Terms and ranges on number, date and
 * address fields (as Lucene's query parser leaves them) take the field's type, as Elasticsearch's parser does. A query
 * class it cannot evaluate is refused by name.
 */
final class LuceneMatcher {
    /** The query_string field that asks whether a field exists ({@code _exists_:user.name}). */
    static final String EXISTS_FIELD = "_exists_";

    private final FieldMappings mappings;
    private final Clock clock;
    private final ZoneId zone;
    private final String path;

    LuceneMatcher(FieldMappings mappings, Clock clock, ZoneId zone, String path) {
        this.mappings = mappings;
        this.clock = clock;
        this.zone = zone;
        this.path = path;
    }

    Predicate<EventView> compile(Query q) {
        if (q instanceof BooleanQuery b) {
            return bool(b);
        } else if (q instanceof TermQuery t) {
            return term(t.getTerm());
        } else if (q instanceof TermRangeQuery r && mappings.mapping(r.getField()).type().points()) {
            return pointRangeFromText(r);
        } else if (q instanceof AutomatonQuery a) {
            return automaton(a);
        } else if (q instanceof PointRangeQuery r) {
            return pointRange(r.getField(), r.getLowerPoint(), r.getUpperPoint());
        } else if (q instanceof PhraseQuery p) {
            Term[] terms = p.getTerms();
            List<Set<String>> alternatives = new ArrayList<>();
            for (Term t : terms) {
                alternatives.add(Set.of(t.text()));
            }
            return phrase(terms.length == 0 ? null : terms[0].field(), alternatives, p.getPositions(), p.getSlop());
        } else if (q instanceof MultiPhraseQuery p) {
            Term[][] terms = p.getTermArrays();
            List<Set<String>> alternatives = new ArrayList<>();
            for (Term[] ts : terms) {
                alternatives.add(Set.copyOf(Arrays.stream(ts).map(Term::text).toList()));
            }
            return phrase(terms.length == 0 ? null : terms[0][0].field(), alternatives, p.getPositions(), p.getSlop());
        } else if (q instanceof MatchAllDocsQuery) {
            return ev -> true;
        } else if (q instanceof MatchNoDocsQuery) {
            return ev -> false;
        } else if (q instanceof BoostQuery b) {
            return compile(b.getQuery());
        } else if (q instanceof ConstantScoreQuery c) {
            return compile(c.getQuery());
        } else if (q instanceof DisjunctionMaxQuery d) {
            return Combine.any(d.getDisjuncts().stream().map(this::compile).toList());
        } else if (q instanceof SynonymQuery s) {
            return Combine.any(s.getTerms().stream().map(this::term).toList());
        } else if (q instanceof FieldExistsQuery e) {
            return exists(e.getField());
        }
        throw new ConfigException(path, "unsupported query part " + q.getClass().getSimpleName() + " ('" + q
                + "'): fuzzy, span, interval and other queries are refused rather than approximated");
    }

    /**
     * Elasticsearch's exists: the field has an indexed value; for an object, one of its fields does (the declared
     * ones: an event's undeclared sub-fields of an undeclared object are not seen).
     */
    Predicate<EventView> exists(String field) {
        List<String> under = mappings.declared(field) ? List.of() : mappings.declaredUnder(field);
        if (!under.isEmpty()) {
            List<Predicate<EventView>> any = new ArrayList<>(under.stream().map(this::exists).toList());
            any.add(leafExists(field));
            return Combine.any(any);
        }
        return leafExists(field);
    }

    private Predicate<EventView> leafExists(String field) {
        FieldMappings.Mapping m = mappings.mapping(field);
        if (m.source().equals("@timestamp")) {
            return ev -> true; // every event has its time
        }
        String name = m.source().intern(); // the events' own names compare at once
        if (m.type() == FieldType.TEXT || m.type() == FieldType.OTHER) {
            return ev -> ev.has(name);
        }
        return ev -> ev.has(name) && IndexedValues.exists(ev, m);
    }

    private Predicate<EventView> bool(BooleanQuery b) {
        List<Predicate<EventView>> required = new ArrayList<>();
        List<Predicate<EventView>> prohibited = new ArrayList<>();
        List<Predicate<EventView>> optional = new ArrayList<>();
        for (BooleanClause c : b.clauses()) {
            Predicate<EventView> p = compile(c.getQuery());
            switch (c.getOccur()) {
                case MUST, FILTER -> required.add(p);
                case MUST_NOT -> prohibited.add(p);
                case SHOULD -> optional.add(p);
            }
        }
        if (required.isEmpty() && optional.isEmpty()) {
            return ev -> false; // Lucene: a purely negative query matches nothing
        }
        int needed = b.getMinimumNumberShouldMatch() > 0 ? b.getMinimumNumberShouldMatch() : required.isEmpty() ? 1 : 0;
        return Combine.bool(required, prohibited, optional, needed);
    }

    Predicate<EventView> term(Term t) {
        if (t.field().equals(EXISTS_FIELD)) {
            return exists(t.text());
        }
        FieldMappings.Mapping m = mappings.mapping(t.field());
        String text = t.text();
        switch (m.type()) {
            case KEYWORD, WILDCARD -> {
                if (m.ignoreAbove() > 0 && text.length() > m.ignoreAbove()) {
                    return ev -> false;
                }
                String field = m.source();
                return ev -> ev.hasValue(field, text);
            }
            case TEXT -> {
                return ev -> IndexedValues.terms(ev, m).contains(text);
            }
            case BOOLEAN -> {
                String b = IndexedValues.bool(text);
                if (b == null) {
                    throw new ConfigException(path, "'" + text + "' is not a boolean for field " + t.field());
                }
                return ev -> IndexedValues.terms(ev, m).contains(b);
            }
            case LONG, DOUBLE, DATE, IP -> {
                return pointTerm(t.field(), m, text);
            }
            default -> throw new ConfigException(path, "field " + t.field() + " cannot be searched by value");
        }
    }

    /** A value on a point field: equal to it (a whole day for a date given without time; a CIDR block for an ip). */
    Predicate<EventView> pointTerm(String field, FieldMappings.Mapping m, String text) {
        if (m.type() == FieldType.IP && text.contains("/")) {
            String[] cidr = text.split("/", 2);
            InetAddress a = IndexedValues.ip(cidr[0]);
            if (a == null || !cidr[1].matches("\\d{1,3}")) {
                throw new ConfigException(path, "'" + text + "' is not an IP address or CIDR block for field " + field);
            }
            PointRangeQuery q = (PointRangeQuery) InetAddressPoint.newPrefixQuery(field, a,
                    Integer.parseInt(cidr[1]));
            return pointRange(field, q.getLowerPoint(), q.getUpperPoint());
        }
        if (m.type() == FieldType.DATE) {
            return dateRange(field, text, text, true, true, DateMath.DEFAULT_FORMAT, zone);
        }
        byte[] p = IndexedValues.point(m.type(), text);
        if (p == null || (m.type() == FieldType.LONG && !isWhole(text))) {
            if (p != null) {
                return ev -> false; // 4.5 on a long field: no long equals it
            }
            throw new ConfigException(path, "'" + text + "' is not a " + m.type().name().toLowerCase(Locale.ROOT)
                    + " for field " + field);
        }
        return pointRange(field, p, p);
    }

    private static boolean isWhole(String text) {
        try {
            double d = Double.parseDouble(text.trim());
            return d == Math.rint(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    Predicate<EventView> pointRange(String field, byte[] lower, byte[] upper) {
        FieldMappings.Mapping m = mappings.mapping(field);
        return ev -> {
            for (byte[] p : IndexedValues.points(ev, m)) {
                if (Arrays.compareUnsigned(p, lower) >= 0 && Arrays.compareUnsigned(p, upper) <= 0) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A date range whose bounds may be date math; {@code now} read from the clock at each test. */
    Predicate<EventView> dateRange(String field, String from, String to, boolean includeFrom, boolean includeTo,
                                   String format, ZoneId tz) {
        DateMath.Bound lo;
        DateMath.Bound hi;
        try {
            lo = from == null ? null : DateMath.bound(from, format, tz, !includeFrom);
            hi = to == null ? null : DateMath.bound(to, format, tz, includeTo);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new ConfigException(path, e.getMessage());
        }
        FieldMappings.Mapping m = mappings.mapping(field);
        boolean fixed = (lo == null || lo.anchorMillis() != null) && (hi == null || hi.anchorMillis() != null);
        if (fixed) {
            long min = lo == null ? Long.MIN_VALUE : lo.resolve(0) + (includeFrom ? 0 : 1);
            long max = hi == null ? Long.MAX_VALUE : hi.resolve(0) - (includeTo ? 0 : 1);
            return pointRange(field, LongPoint.pack(min).bytes,
                    LongPoint.pack(max).bytes);
        }
        return ev -> {
            long now = clock.millis();
            long min = lo == null ? Long.MIN_VALUE : lo.resolve(now) + (includeFrom ? 0 : 1);
            long max = hi == null ? Long.MAX_VALUE : hi.resolve(now) - (includeTo ? 0 : 1);
            for (byte[] p : IndexedValues.points(ev, m)) {
                long t = LongPoint.decodeDimension(p, 0);
                if (t >= min && t <= max) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A range Lucene's parser wrote as text ({@code pid:[1 TO 100]}) on a number, date or address field. */
    private Predicate<EventView> pointRangeFromText(TermRangeQuery r) {
        FieldMappings.Mapping m = mappings.mapping(r.getField());
        String lo = r.getLowerTerm() == null ? null : r.getLowerTerm().utf8ToString();
        String hi = r.getUpperTerm() == null ? null : r.getUpperTerm().utf8ToString();
        if (m.type() == FieldType.DATE) {
            return dateRange(r.getField(), lo, hi, r.includesLower(), r.includesUpper(), DateMath.DEFAULT_FORMAT, zone);
        }
        return numericRange(r.getField(), m.type(), lo, hi, r.includesLower(), r.includesUpper());
    }

    private Predicate<EventView> automaton(AutomatonQuery a) {
        FieldMappings.Mapping m = mappings.mapping(a.getField());
        if (!(m.type().wholeValue() || m.type() == FieldType.TEXT)) {
            throw new ConfigException(path, "a " + a.getClass().getSimpleName().replace("Query", "").toLowerCase(
                    Locale.ROOT) + " query on field " + a.getField() + " (" + m.type().name().toLowerCase(
                    Locale.ROOT) + ") is refused by Elasticsearch too");
        }
        ByteRunAutomaton run = new ByteRunAutomaton(a.getAutomaton(), a.isAutomatonBinary(),
                Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
        return ev -> {
            for (String term : IndexedValues.terms(ev, m)) {
                byte[] b = term.getBytes(StandardCharsets.UTF_8);
                if (run.run(b, 0, b.length)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Terms at their relative positions within one value (values are 100 positions apart in Elasticsearch). */
    private Predicate<EventView> phrase(String field, List<Set<String>> alternatives, int[] positions, int slop) {
        if (field == null) {
            return ev -> false;
        }
        if (slop != 0) {
            throw new ConfigException(path, "phrase slop " + slop + " is not supported (only exact phrases)");
        }
        FieldMappings.Mapping m = mappings.mapping(field);
        if (m.type() != FieldType.TEXT) {
            throw new ConfigException(path, "a phrase on field " + field + " which has no positions");
        }
        int base = positions[0];
        return ev -> {
            for (List<String> tokens : IndexedValues.tokenLists(ev, m)) {
                for (int start = 0; start < tokens.size(); start++) {
                    boolean all = true;
                    for (int k = 0; k < alternatives.size() && all; k++) {
                        int at = start + positions[k] - base;
                        all = at < tokens.size() && alternatives.get(k).contains(tokens.get(at));
                    }
                    if (all) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /**
     * A range on a long, double or ip field with bounds as text, as Elasticsearch's number and ip mappers build it
     * (a long bound with a fraction moves inward to the next whole number).
     */
    Predicate<EventView> numericRange(String field, FieldType type, String from, String to, boolean includeFrom,
                                      boolean includeTo) {
        byte[] lo;
        byte[] hi;
        try {
            switch (type) {
                case LONG -> {
                    BigDecimal min = from == null ? null : new BigDecimal(from.trim());
                    BigDecimal max = to == null ? null : new BigDecimal(to.trim());
                    long l = min == null ? Long.MIN_VALUE : includeFrom ? ceil(min) : floor(min) + 1;
                    long h = max == null ? Long.MAX_VALUE : includeTo ? floor(max) : ceil(max) - 1;
                    lo = LongPoint.pack(l).bytes;
                    hi = LongPoint.pack(h).bytes;
                }
                case DOUBLE -> {
                    double l = from == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(from.trim());
                    double h = to == null ? Double.POSITIVE_INFINITY : Double.parseDouble(to.trim());
                    lo = DoublePoint.pack(includeFrom ? l : Math.nextUp(l)).bytes;
                    hi = DoublePoint.pack(includeTo ? h : Math.nextDown(h)).bytes;
                }
                case IP -> {
                    lo = ipBound(from, includeFrom, true);
                    hi = ipBound(to, includeTo, false);
                    if (lo == null || hi == null) {
                        return ev -> false;
                    }
                }
                default -> throw new IllegalStateException("not a numeric type: " + type);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(path, "range bound '" + (from == null ? to : from) + "' is not a number for field "
                    + field + " (" + type.name().toLowerCase(Locale.ROOT) + ")");
        }
        return pointRange(field, lo, hi);
    }

    private static long ceil(BigDecimal d) {
        return d.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long floor(BigDecimal d) {
        return d.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** An ip bound's encoding; null when an exclusive bound leaves nothing. */
    private byte[] ipBound(String text, boolean include, boolean lower) {
        InetAddress a;
        if (text == null) {
            a = lower ? InetAddressPoint.MIN_VALUE
                    : InetAddressPoint.MAX_VALUE;
        } else {
            a = IndexedValues.ip(text);
            if (a == null) {
                throw new NumberFormatException(text);
            }
            if (!include) {
                try {
                    a = lower ? InetAddressPoint.nextUp(a)
                            : InetAddressPoint.nextDown(a);
                } catch (ArithmeticException e) {
                    return null;
                }
            }
        }
        return InetAddressPoint.encode(a);
    }
}

package org.auditml.engine.query;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.auditml.engine.EventView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an Elasticsearch index would hold for an event's field, computed from the event's values: a keyword's values
 * (up to ignore_above), a text field's standard-analyzer tokens by position, a number's, date's or address's point
 * encoding, a boolean's {@code T}/{@code F}.
 */
final class IndexedValues {
    /** Elasticsearch's standard analyzer: Lucene's, without stop words. */
    static final Analyzer STANDARD = new StandardAnalyzer();

    private IndexedValues() {
    }

    /** Whole-value terms of a keyword, wildcard or boolean field, or the tokens of every value of a text field. */
    static List<String> terms(EventView ev, FieldMappings.Mapping m) {
        List<String> values = ev.values(m.source());
        switch (m.type()) {
            case KEYWORD, WILDCARD -> {
                if (m.ignoreAbove() == 0 || values.stream().allMatch(v -> v.length() <= m.ignoreAbove())) {
                    return values;
                }
                return values.stream().filter(v -> v.length() <= m.ignoreAbove()).toList();
            }
            case BOOLEAN -> {
                List<String> out = new ArrayList<>();
                for (String v : values) {
                    String b = bool(v);
                    if (b != null) {
                        out.add(b);
                    }
                }
                return out;
            }
            case TEXT -> {
                List<String> out = new ArrayList<>();
                for (String v : values) {
                    out.addAll(tokens(m.source(), v));
                }
                return out;
            }
            default -> {
                return List.of();
            }
        }
    }

    /** The tokens of each value of a text field, in order (positions), a list per value. */
    static List<List<String>> tokenLists(EventView ev, FieldMappings.Mapping m) {
        List<List<String>> out = new ArrayList<>();
        for (String v : ev.values(m.source())) {
            out.add(tokens(m.source(), v));
        }
        return out;
    }

    /** The point encodings of a number, date or address field's values (those that parse). */
    static List<byte[]> points(EventView ev, FieldMappings.Mapping m) {
        List<String> values = ev.values(m.source());
        if (values.isEmpty() && m.type() == FieldType.DATE && m.source().equals("@timestamp")) {
            return List.of(LongPoint.pack(ev.timestampMillis()).bytes);
        }
        List<byte[]> out = new ArrayList<>(values.size());
        for (String v : values) {
            byte[] p = point(m.type(), v);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether the field holds anything an index would keep for it. */
    static boolean exists(EventView ev, FieldMappings.Mapping m) {
        return switch (m.type()) {
            case KEYWORD, WILDCARD, BOOLEAN -> !terms(ev, m).isEmpty();
            case LONG, DOUBLE, DATE, IP -> !points(ev, m).isEmpty();
            default -> ev.has(m.source());
        };
    }

    /** A value's point encoding for the field type; null when it does not parse as one. */
    static byte[] point(FieldType type, String v) {
        switch (type) {
            case LONG -> {
                Long l = parseLong(v);
                return l == null ? null : LongPoint.pack(l).bytes;
            }
            case DOUBLE -> {
                try {
                    return DoublePoint.pack(Double.parseDouble(v.trim())).bytes;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case DATE -> {
                Long t = DateMath.parseValue(v);
                return t == null ? null : LongPoint.pack(t).bytes;
            }
            case IP -> {
                InetAddress a = ip(v);
                return a == null ? null : InetAddressPoint.encode(a);
            }
            default -> {
                return null;
            }
        }
    }

    /** A long as Elasticsearch coerces it ("42", "42.0", 4.2e1; a fraction is truncated). */
    static Long parseLong(String v) {
        String s = v.trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) ? (long) d : null;
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    /** An IP literal; never a host name (no lookups). */
    static InetAddress ip(String v) {
        String s = v.trim();
        if (s.isEmpty() || !s.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        if (s.indexOf(':') < 0 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Elasticsearch's boolean terms: T for true, F for false. */
    static String bool(String v) {
        return switch (v) {
            case "true", "T" -> "T";
            case "false", "F", "" -> "F";
            default -> null;
        };
    }

    /** The standard analyzer's tokens of a text, in position order. */
    static List<String> tokens(String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = STANDARD.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString()); // one position each: the standard analyzer has no stop words
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}

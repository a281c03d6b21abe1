package org.auditml.engine.query;

import java.util.Locale;

/** How Elasticsearch indexes a field, as far as it changes which events a query matches. */
public enum FieldType {
    /** keyword, constant_keyword: the whole value is one term. */
    KEYWORD,
    /** wildcard: like keyword for matching (the whole value), indexed differently. */
    WILDCARD,
    /** text, match_only_text: the standard analyzer's lowercased tokens, with positions. */
    TEXT,
    /** long, integer, short, byte, unsigned_long. */
    LONG,
    /** double, float, half_float, scaled_float. */
    DOUBLE,
    /** date, date_nanos (epoch milliseconds). */
    DATE,
    IP,
    BOOLEAN,
    /** object, flattened, geo_point, ...: only {@code exists} is answered on it. */
    OTHER;

    /** The type for an Elasticsearch mapping type name. */
    public static FieldType of(String mappingType) {
        return switch (mappingType.toLowerCase(Locale.ROOT)) {
            case "keyword", "constant_keyword" -> KEYWORD;
            case "wildcard" -> WILDCARD;
            case "text", "match_only_text" -> TEXT;
            case "long", "integer", "short", "byte", "unsigned_long" -> LONG;
            case "double", "float", "half_float", "scaled_float" -> DOUBLE;
            case "date", "date_nanos" -> DATE;
            case "ip" -> IP;
            case "boolean" -> BOOLEAN;
            default -> OTHER;
        };
    }

    /** Whether terms are the whole value (keyword-like), so term-level queries compare whole values. */
    public boolean wholeValue() {
        return this == KEYWORD || this == WILDCARD;
    }

    /** Whether the field is indexed as points (numbers, dates, addresses). */
    public boolean points() {
        return this == LONG || this == DOUBLE || this == DATE || this == IP;
    }
}

package org.auditml.engine.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Field name to {@link FieldType}, as an Elasticsearch index of ECS events maps them: ECS's own types (with their
 * multi-fields, e.g. {@code user.name.text}), and for any other field Elasticsearch's dynamic mapping of a string:
 * {@code text} with a {@code .keyword} sub-field. Callers that know more fields (a beat's own) add them with
 * {@link #with}.
 */
public final class FieldMappings {
    /** Elasticsearch's dynamic keyword sub-field, and the ignore_above it gets. */
    static final String DYNAMIC_KEYWORD = "keyword";
    static final int DYNAMIC_IGNORE_ABOVE = 256;
    static final int ECS_IGNORE_ABOVE = 1024;

    /**
     * How the values of {@code source} are indexed under a query's field name.
     *
     * @param ignoreAbove longer keyword values are not indexed (0 when not limited)
     */
    public record Mapping(String source, FieldType type, int ignoreAbove) {
    }

    private static final FieldMappings ECS = load();

    private final Map<String, Mapping> fields;
    /** Types for every field under a prefix ({@code auditd.*}), as a beat's template declares an object's fields. */
    private final Map<String, FieldType> under;

    private FieldMappings(Map<String, Mapping> fields, Map<String, FieldType> under) {
        this.fields = fields;
        this.under = under;
    }

    /** ECS's mappings, the rest dynamic. */
    public static FieldMappings ecs() {
        return ECS;
    }

    /**
     * These mappings with more fields ({@code name -> type}), which take precedence; a name ending in {@code .*} gives
     * the type to every field under it that is not declared itself (the longest such prefix wins).
     */
    public FieldMappings with(Map<String, FieldType> more) {
        Map<String, Mapping> copy = new HashMap<>(fields);
        Map<String, FieldType> prefixes = new HashMap<>(under);
        more.forEach((name, type) -> {
            if (name.endsWith(".*")) {
                prefixes.put(name.substring(0, name.length() - 1), type);
            } else {
                copy.put(name, mapping(name, type));
            }
        });
        return new FieldMappings(copy, prefixes);
    }

    private static Mapping mapping(String name, FieldType type) {
        return new Mapping(name, type, type == FieldType.KEYWORD ? ECS_IGNORE_ABOVE : 0);
    }

    /** How a query's field is indexed: a declared field or multi-field, else as dynamic mapping would have it. */
    public Mapping mapping(String field) {
        Mapping m = fields.get(field);
        if (m != null) {
            return m;
        }
        String prefix = null;
        for (String p : under.keySet()) {
            if (field.startsWith(p) && (prefix == null || p.length() > prefix.length())) {
                prefix = p;
            }
        }
        if (prefix != null) {
            return mapping(field, under.get(prefix));
        }
        int dot = field.lastIndexOf('.');
        if (dot > 0 && field.substring(dot + 1).equals(DYNAMIC_KEYWORD) && !fields.containsKey(field.substring(0, dot))) {
            return new Mapping(field.substring(0, dot), FieldType.KEYWORD, DYNAMIC_IGNORE_ABOVE);
        }
        return new Mapping(field, FieldType.TEXT, 0);
    }

    /** The declared fields under an object ({@code source} gives source.ip, source.port, ...). */
    public List<String> declaredUnder(String object) {
        String prefix = object + ".";
        return fields.values().stream().map(Mapping::source).filter(f -> f.startsWith(prefix)).distinct().sorted()
                .toList();
    }

    /** Whether the field is declared (not dynamic). */
    public boolean declared(String field) {
        return fields.containsKey(field) || under.keySet().stream().anyMatch(field::startsWith);
    }

    private static FieldMappings load() {
        Map<String, Mapping> out = new HashMap<>();
        out.put("_id", new Mapping("_id", FieldType.KEYWORD, 0));
        try (InputStream in = FieldMappings.class.getResourceAsStream("ecs-fields.tsv")) {
            if (in == null) {
                throw new IllegalStateException("ecs-fields.tsv missing from the engine's resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                out.put(cols[0], mapping(cols[0], FieldType.of(cols[1])));
                for (int i = 2; i < cols.length; i++) {
                    String[] sub = cols[i].split("=", 2);
                    out.put(cols[0] + "." + sub[0], new Mapping(cols[0], FieldType.of(sub[1]), 0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FieldMappings(Map.copyOf(out), Map.of());
    }
}

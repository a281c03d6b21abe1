package org.auditml.engine.query;

import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;

import java.util.ArrayList;
import java.util.List;

/**
 * Automata for Elasticsearch's {@code case_insensitive} term, prefix and wildcard queries: each literal character
 * matches itself and its lower and upper case.
 */
final class CaseInsensitive {
    private CaseInsensitive() {
    }

    static Automaton term(String value) {
        return concat(literal(value));
    }

    static Automaton prefix(String value) {
        List<Automaton> parts = literal(value);
        parts.add(Automata.makeAnyString());
        return concat(parts);
    }

    /** A wildcard pattern: {@code *} any characters, {@code ?} one, {@code \} escapes. */
    static Automaton wildcard(String pattern, boolean ignoreCase) {
        List<Automaton> parts = new ArrayList<>();
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            int len = Character.charCount(c);
            if (c == '*') {
                parts.add(Automata.makeAnyString());
            } else if (c == '?') {
                parts.add(Automata.makeAnyChar());
            } else {
                if (c == '\\' && i + len < pattern.length()) {
                    i += len;
                    c = pattern.codePointAt(i);
                    len = Character.charCount(c);
                }
                parts.add(ignoreCase ? anyCase(c) : Automata.makeChar(c));
            }
            i += len;
        }
        return concat(parts);
    }

    private static List<Automaton> literal(String value) {
        List<Automaton> parts = new ArrayList<>();
        value.codePoints().forEach(c -> parts.add(anyCase(c)));
        return parts;
    }

    private static Automaton anyCase(int c) {
        int lower = Character.toLowerCase(c);
        int upper = Character.toUpperCase(c);
        List<Automaton> alts = new ArrayList<>(List.of(Automata.makeChar(c)));
        if (lower != c) {
            alts.add(Automata.makeChar(lower));
        }
        if (upper != c) {
            alts.add(Automata.makeChar(upper));
        }
        return alts.size() == 1 ? alts.get(0) : Operations.union(alts);
    }

    private static Automaton concat(List<Automaton> parts) {
        Automaton a = parts.isEmpty() ? Automata.makeEmptyString() : Operations.concatenate(parts);
        return Operations.determinize(a, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    }
}

package org.auditml.engine.query;

/**
 * Elasticsearch's {@code minimum_should_match}: how many of {@code optional} clauses must match for a spec such as
 * {@code 2}, {@code -1}, {@code 75%}, {@code -25%} or {@code 3<90%} (several conditions separated by spaces).
 */
final class MinimumShouldMatch {
    private MinimumShouldMatch() {
    }

    /** The count for the spec; throws IllegalArgumentException for a malformed one. */
    static int of(int optional, String spec) {
        String s = spec.trim();
        try {
            if (s.contains("<")) {
                int result = optional;
                for (String condition : s.replaceAll("\\s*<\\s*", "<").split("\\s+")) {
                    String[] parts = condition.split("<", 2);
                    if (optional <= Integer.parseInt(parts[0])) {
                        return optional;
                    }
                    result = of(optional, parts[1]);
                }
                return result;
            }
            int result;
            if (s.endsWith("%")) {
                float calc = optional * Integer.parseInt(s.substring(0, s.length() - 1)) * (1 / 100f);
                result = calc < 0 ? optional + (int) calc : (int) calc;
            } else {
                int calc = Integer.parseInt(s);
                result = calc < 0 ? optional + calc : calc;
            }
            return Math.max(result, 0);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("minimum_should_match '" + spec + "' is not a count, a percentage or "
                    + "conditions like '3<90%'");
        }
    }
}

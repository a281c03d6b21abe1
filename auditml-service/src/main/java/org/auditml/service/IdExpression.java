package org.auditml.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Elastic's way of naming several jobs or datafeeds at once: a comma-separated list of ids, group names and
 * {@code *} wildcards, or {@code _all} (also {@code *} or nothing). With {@code allow_no_match} false, a part that
 * matches nothing is an error, as in Elastic; with it true, only an explicit id that is not there is.
 */
final class IdExpression {
    private IdExpression() {
    }

    /** The ids (in the order given) the expression names among {@code ids}, whose groups {@code groups} gives. */
    static List<String> resolve(String expression, Collection<String> ids, Function<String, List<String>> groups,
                                boolean allowNoMatch, String what) {
        if (expression == null || expression.isBlank() || expression.equals("_all") || expression.equals("*")) {
            if (ids.isEmpty() && !allowNoMatch) {
                throw RequestException.notFound("No known " + what + " with id '" + (expression == null ? "_all" : expression) + "'");
            }
            return List.copyOf(ids);
        }
        Set<String> found = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (String part : expression.split(",")) {
            String p = part.trim();
            boolean wildcard = p.contains("*");
            Pattern pattern = Pattern.compile(Pattern.quote(p).replace("*", "\\E.*\\Q"));
            boolean any = false;
            for (String id : ids) {
                if (pattern.matcher(id).matches() || groups.apply(id).stream().anyMatch(g -> pattern.matcher(g).matches())) {
                    found.add(id);
                    any = true;
                }
            }
            if (!any && (!wildcard || !allowNoMatch)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw RequestException.notFound("No known " + what + " with id '" + String.join(",", missing) + "'");
        }
        return List.copyOf(found);
    }
}

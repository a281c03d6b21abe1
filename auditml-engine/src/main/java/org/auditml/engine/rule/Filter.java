package org.auditml.engine.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Elastic's filter: a named list of values a rule's scope tests a series' by, over or partition value against. An
 * item may start or end with {@code *} (Elastic's only wildcard): {@code *.example.com} matches a suffix,
 * {@code /usr/lib/*} a prefix, {@code *cron*} a substring; matching is case-sensitive, as Elastic's is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Filter(@JsonProperty(RuleFields.FILTER_ID) String filterId,
                     @JsonProperty(RuleFields.DESCRIPTION) String description,
                     @JsonProperty(RuleFields.ITEMS) SortedSet<String> items) {
    /** Elastic's limit on a filter's items. */
    public static final int MAX_ITEMS = 10_000;

    public Filter {
        Objects.requireNonNull(filterId, "filterId");
        items = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(items == null ? List.of() : items));
    }

    public Filter(String filterId, String description, List<String> items) {
        this(filterId, description, new TreeSet<>(items));
    }

    /** Whether {@code value} is one of the items (wildcards at either end). */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        if (items.contains(value)) {
            return true;
        }
        for (String item : items) {
            if (item.indexOf('*') >= 0 && Wildcard.matches(item, value)) {
                return true;
            }
        }
        return false;
    }

    /** The filter with {@code add} items added and {@code remove} items removed, and the description if given. */
    public Filter updated(String newDescription, List<String> add, List<String> remove) {
        SortedSet<String> next = new TreeSet<>(items);
        next.addAll(add == null ? List.of() : add);
        next.removeAll(remove == null ? List.of() : remove);
        return new Filter(filterId, newDescription == null ? description : newDescription, next);
    }

    /** Elastic's item wildcard: one {@code *} at the start, the end, or both. */
    static final class Wildcard {
        private Wildcard() {
        }

        static boolean matches(String item, String value) {
            boolean leading = item.startsWith("*");
            boolean trailing = item.length() > 1 && item.endsWith("*");
            String core = item.substring(leading ? 1 : 0, item.length() - (trailing ? 1 : 0));
            if (leading && trailing) {
                return value.contains(core);
            }
            if (leading) {
                return value.endsWith(core);
            }
            if (trailing) {
                return value.startsWith(core);
            }
            return value.equals(item);
        }
    }
}

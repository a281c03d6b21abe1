package org.auditml.engine.query;

import org.auditml.engine.EventView;

import java.util.List;
import java.util.function.Predicate;

/** Lucene's boolean matching: every required clause, no prohibited one, and at least {@code needed} optional ones. */
final class Combine {
    private Combine() {
    }

    static Predicate<EventView> bool(List<Predicate<EventView>> required, List<Predicate<EventView>> prohibited,
                                     List<Predicate<EventView>> optional, int needed) {
        Predicate<EventView>[] req = array(required);
        Predicate<EventView>[] not = array(prohibited);
        Predicate<EventView>[] opt = array(optional);
        if (needed > opt.length) {
            return ev -> false;
        }
        return ev -> {
            for (Predicate<EventView> p : req) {
                if (!p.test(ev)) {
                    return false;
                }
            }
            for (Predicate<EventView> p : not) {
                if (p.test(ev)) {
                    return false;
                }
            }
            int matched = 0;
            for (int i = 0; i < opt.length && matched < needed; i++) {
                if (opt[i].test(ev)) {
                    matched++;
                }
            }
            return matched >= needed;
        };
    }

    static Predicate<EventView> any(List<Predicate<EventView>> ps) {
        return bool(List.of(), List.of(), ps, 1);
    }

    @SuppressWarnings("unchecked")
    private static Predicate<EventView>[] array(List<Predicate<EventView>> ps) {
        return ps.toArray(new Predicate[0]);
    }
}

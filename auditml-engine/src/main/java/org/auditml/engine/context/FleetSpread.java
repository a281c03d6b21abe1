package org.auditml.engine.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's part of auditml's context for one rare detector: how many partitions (hosts, containers) know each
 * value. A value new on many partitions in the same bucket is a rollout; one known elsewhere in the fleet is less
 * surprising than one no partition has ever had. Elastic scores every first occurrence alike. Fed job-wide, from the
 * news of every partition's series, so that series kept apart still see the whole fleet; each bucket's values are
 * judged against the fleet as it stood before the bucket.
 */
public final class FleetSpread {
    /** value → how many partitions' models know it. */
    private final Map<String, Integer> knowing = new HashMap<>();

    /**
     * The fleet's terms for {@code value} on one partition, in the order they apply.
     *
     * @param knownHere whether the value's own partition knew it before the bucket
     * @param newOn     on how many partitions the value is new in this bucket
     * @param active    how many partitions had values in this bucket
     * @param modelled  how many partitions have a model (the value's own included)
     */
    public List<ContextTerm> terms(String value, boolean knownHere, int newOn, int active, int modelled) {
        List<ContextTerm> terms = new ArrayList<>(2);
        rollout(newOn, active).ifPresent(terms::add);
        int others = modelled - 1;
        int knownElsewhere = knowing.getOrDefault(value, 0) - (knownHere ? 1 : 0);
        double share = others <= 0 ? 0 : (double) knownElsewhere / others;
        if (share > 0) {
            terms.add(new ContextTerm(1 + 20 * share, "known on " + Math.round(share * others) + " of " + others
                    + " other hosts"));
        } else if (others >= 2) {
            terms.add(new ContextTerm(0.5, "never seen on any of " + others + " other hosts"));
        }
        return terms;
    }

    /**
     * The term for a value new on {@code newOn} of the {@code active} members of the fleet in one bucket: on three or
     * more, or on a third of many, it is a rollout.
     */
    public static java.util.Optional<ContextTerm> rollout(int newOn, int active) {
        if (newOn >= 3 || (active >= 4 && newOn >= 0.3 * active)) {
            return java.util.Optional.of(new ContextTerm(Math.min(1000, newOn * newOn * 4.0),
                    "new on " + newOn + " hosts in the same hour (a rollout)"));
        }
        return java.util.Optional.empty();
    }

    /** Value → how many partitions know it, sorted: what a checkpoint keeps. */
    public java.util.SortedMap<String, Integer> knowing() {
        return new java.util.TreeMap<>(knowing);
    }

    /** The fleet's knowledge as {@link #knowing} gave it. */
    public static FleetSpread of(Map<String, Integer> knowing) {
        FleetSpread spread = new FleetSpread();
        spread.knowing.putAll(knowing);
        return spread;
    }

    /** A partition's model learnt these values (new to it). */
    public void learn(Collection<String> values) {
        values.forEach(v -> knowing.merge(v, 1, Integer::sum));
    }

    /** A partition's model forgot these values (pruned at the memory limit). */
    public void forget(Collection<String> values) {
        values.forEach(v -> knowing.computeIfPresent(v, (k, n) -> n > 1 ? n - 1 : null));
    }

    /** Approximate memory in bytes. */
    public long sizeBytes() {
        long bytes = 0;
        for (String v : knowing.keySet()) {
            bytes += 64 + 2L * v.length();
        }
        return bytes;
    }
}

package org.auditml.engine.context;

import org.auditml.engine.EventView;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a domain knows about a rare value that the statistics do not: who ran it, where it lives, what it was asked to
 * do. A job that switches on {@code auditml_context} keeps, per series and bucket, a few values of each of
 * {@link #fields()} and asks {@link #weigh} about every value that is rare already; whoever runs the job hands it
 * the context of its data (the engine knows no audit format). The engine adds what holds in any domain: how the
 * fleet knows the value ({@link FleetSpread}) and how settled the partition is ({@link Stability}).
 */
public interface RarityContext {

    /** No domain knowledge: only the fleet and the partition's stability weigh a rare value. */
    RarityContext NONE = new RarityContext() {
        @Override
        public List<String> fields() {
            return List.of();
        }

        @Override
        public List<ContextTerm> weigh(String value, Map<String, Set<String>> fieldValues) {
            return List.of();
        }
    };

    /** The event fields whose values {@link #weigh} is given. */
    List<String> fields();

    /**
     * The field that tells the members of a fleet apart (a host's name), for rare detectors over the whole fleet
     * (without a partition): a value new on several of them in one bucket is a rollout. Null: none.
     */
    default String spreadField() {
        return null;
    }

    /**
     * Sees each event the job takes, in time order, once the buckets its time closes have been weighed: a domain can
     * keep what it needs of the events (which process started which) to weigh a rare value when its bucket closes.
     */
    default void observe(EventView event) {
    }

    /**
     * The terms for a rare value, in the order they apply and are named.
     *
     * @param value       the rare value (the detector's by value)
     * @param fieldValues a few values of each of {@link #fields()} seen in the value's series in the bucket
     *                    (a field with none is absent)
     */
    List<ContextTerm> weigh(String value, Map<String, Set<String>> fieldValues);
}

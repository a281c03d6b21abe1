package org.auditml.engine.series;

import java.util.Locale;

/** Elastic's memory states: at the soft limit old entities are pruned, at the hard limit new ones are refused. */
public enum MemoryStatus {
    OK, SOFT_LIMIT, HARD_LIMIT;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

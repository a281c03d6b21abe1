package org.auditml.engine;

import java.util.Comparator;

/** One series of a detector: its partition value and by value (either may be null). Sorted, for determinism. */
record SeriesKey(String partition, String by) implements Comparable<SeriesKey> {
    private static final Comparator<SeriesKey> ORDER = Comparator
            .comparing(SeriesKey::partition, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(SeriesKey::by, Comparator.nullsFirst(Comparator.naturalOrder()));

    @Override
    public int compareTo(SeriesKey o) {
        return ORDER.compare(this, o);
    }
}

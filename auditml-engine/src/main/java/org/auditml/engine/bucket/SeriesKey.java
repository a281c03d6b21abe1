package org.auditml.engine.bucket;

import java.util.Comparator;

/**
 * One series of a detector: its partition, over and by values (any may be null). Sorted, for determinism: by
 * partition, over, then by, null first.
 */
public record SeriesKey(String partition, String over, String by) implements Comparable<SeriesKey> {
    /** The order of partition (and other split) values: null first, then natural. */
    public static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::partition, NULLS_FIRST)
            .thenComparing(SeriesKey::over, NULLS_FIRST).thenComparing(SeriesKey::by, NULLS_FIRST);

    public SeriesKey(String partition, String by) {
        this(partition, null, by);
    }

    @Override
    public int compareTo(SeriesKey o) {
        return ORDER.compare(this, o);
    }
}

package org.auditml.engine.analysis;

import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A bucket's population series regrouped: partition → attribute (by value) → the entities (over values) that had it. */
final class EntitiesByAttribute {
    private EntitiesByAttribute() {
    }

    static Map<String, Map<String, Set<String>>> of(Map<SeriesKey, OpenBucket.SeriesData> series) {
        Map<String, Map<String, Set<String>>> byPartition = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (SeriesKey k : series.keySet()) {
            byPartition.computeIfAbsent(k.partition(), p -> new TreeMap<>())
                    .computeIfAbsent(k.by(), b -> new TreeSet<>()).add(k.over());
        }
        return byPartition;
    }
}

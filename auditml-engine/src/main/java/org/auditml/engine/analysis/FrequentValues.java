package org.auditml.engine.analysis;

import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.snapshot.JobState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Elastic's {@code exclude_frequent}: by or over values present in most buckets (a cron job that runs every hour, a
 * host that is always busy) are left out of the results; they are still modelled. Presence is counted per partition
 * with a decay of about {@value #MEMORY} buckets; a value is frequent once it was present in more than half of them,
 * after {@value #LEARNING} buckets.
 */
public final class FrequentValues {
    static final int MEMORY = 100;
    static final int LEARNING = 20;
    private static final double DECAY = Math.exp(-1.0 / MEMORY);
    private static final double FREQUENT = 0.5;

    private final boolean by;
    private final boolean over;
    /** Decayed buckets seen, per partition key. */
    private final Map<String, Double> buckets = new TreeMap<>();
    private final Map<String, Long> seen = new TreeMap<>();
    /** Decayed presence, per "b" or "o", partition key, value. */
    private final Map<String, Double> presence = new TreeMap<>();

    private FrequentValues(boolean by, boolean over) {
        this.by = by;
        this.over = over;
    }

    /** The tracker for a detector's {@code exclude_frequent}, or null when it excludes nothing. */
    public static FrequentValues of(String excludeFrequent) {
        if (excludeFrequent == null) {
            return null;
        }
        return switch (excludeFrequent) {
            case "all" -> new FrequentValues(true, true);
            case "by" -> new FrequentValues(true, false);
            case "over" -> new FrequentValues(false, true);
            default -> null;
        };
    }

    /** True when the candidate's by or over value is frequent and excluded. */
    public boolean excludes(SeriesKey key) {
        return (by && key.by() != null && frequent("b", key.partition(), key.by()))
                || (over && key.over() != null && frequent("o", key.partition(), key.over()));
    }

    private boolean frequent(String kind, String partition, String value) {
        String p = DetectorAnalysis.key(partition);
        if (seen.getOrDefault(p, 0L) < LEARNING) {
            return false;
        }
        return presence.getOrDefault(kind + p + '\u0001' + value, 0.0) > FREQUENT * buckets.get(p);
    }

    /** Learns which values were present in a closed bucket; partitions absent from it age too. */
    public void learn(Set<SeriesKey> present) {
        Set<String> partitions = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (SeriesKey k : present) {
            String p = DetectorAnalysis.key(k.partition());
            partitions.add(p);
            if (by && k.by() != null) {
                keys.add("b" + p + '\u0001' + k.by());
            }
            if (over && k.over() != null) {
                keys.add("o" + p + '\u0001' + k.over());
            }
        }
        partitions.forEach(p -> seen.merge(p, 1L, Long::sum));
        for (String p : buckets.keySet()) {
            buckets.put(p, buckets.get(p) * DECAY);
        }
        partitions.forEach(p -> buckets.merge(p, 1.0, Double::sum));
        List<String> gone = new ArrayList<>();
        presence.replaceAll((k, v) -> v * DECAY);
        presence.forEach((k, v) -> {
            if (v < 0.01) {
                gone.add(k);
            }
        });
        gone.forEach(presence::remove);
        keys.forEach(k -> presence.merge(k, 1.0, Double::sum));
    }

    public long sizeBytes() {
        return presence.keySet().stream().mapToLong(k -> 64 + 2L * k.length()).sum();
    }

    public JobState.Frequent toState() {
        return new JobState.Frequent(new TreeMap<>(buckets), new TreeMap<>(seen), new TreeMap<>(presence));
    }

    public void restore(JobState.Frequent s) {
        buckets.putAll(s.buckets());
        seen.putAll(s.seen());
        presence.putAll(s.presence());
    }
}

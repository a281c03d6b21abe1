package org.auditml.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Elastic's {@code rare} for one partition: a decaying model of in how many buckets each value occurs. A value counts
 * once per bucket however many events it has; at the end of each bucket all counts age by {@code exp(-decayRate)}.
 *
 * <p>A value's probability is the total mass of the values no more likely than it (a tail mass, not the raw frequency,
 * so that one rare value among many rare ones is not alarming); a value never seen before is as rare as can be. The
 * category probabilities are smoothed with a small Dirichlet prior, one pseudo-count shared by the unseen values.
 * Until {@value #LEARNING_BUCKETS} buckets with data have been seen, the model is learning and says so.
 *
 * <p>References: ml-cpp {@code CEventRateModel} (one sample per bucket and value), {@code CMultinomialConjugate}
 * (aging), {@code CCategoryProbabilityCache} (probability of less likely categories).
 */
public final class RareModel {
    /** Elastic's rare functions need "a learning period of at least 20 buckets". */
    public static final int LEARNING_BUCKETS = 20;
    /** Default pseudo-count of the unseen values: one bucket's worth, so a brand-new value weighs like one seen once. */
    public static final double DEFAULT_NEW_VALUE_PRIOR = 1.0;

    private final double newValuePrior;

    private final double decayRate;
    private final double decay;
    // sums run over sorted counts (see Sorted), so the map's order never changes a result
    private final Map<String, Entry> values = new java.util.HashMap<>();
    private long keyChars;
    private long buckets;
    private long bucketsWithData;
    private long lastNewValueBucket = -1;
    private double recentNewRate;

    /** @param decayRate per bucket; Elastic uses 0.0005 × min(1, bucket_span / 30 min) */
    public RareModel(double decayRate) {
        this(decayRate, DEFAULT_NEW_VALUE_PRIOR);
    }

    /**
     * @param newValuePrior pseudo-count of the unseen values; smaller for few, well-known categories (the half-hour
     *                      slots of time_of_day), where one unseen category must stand out sooner
     */
    public RareModel(double decayRate, double newValuePrior) {
        if (decayRate < 0 || decayRate >= 1) {
            throw new IllegalArgumentException("decayRate must be in [0, 1): " + decayRate);
        }
        if (newValuePrior <= 0) {
            throw new IllegalArgumentException("newValuePrior must be positive: " + newValuePrior);
        }
        this.newValuePrior = newValuePrior;
        this.decayRate = decayRate;
        this.decay = Math.exp(-decayRate);
    }

    /** A value's state: decayed count of buckets it occurred in, and when it was first seen. */
    private static final class Entry {
        double count;
        long firstBucket;
        long lastBucket;
    }

    /** What the model says of a value in the current bucket. */
    public record Rarity(double probability, boolean firstOccurrence, double relativeRarity, double bucketsSeen,
                         long firstSeenBucket, boolean learning) {
    }

    /** The rarity of {@code value}, before this bucket is added to the model. */
    public Rarity rarity(String value) {
        Entry e = values.get(value);
        double count = e == null ? 0 : e.count;
        double own = e == null ? newValuePrior : count;
        Sorted sorted = sorted();
        double mass = sorted.total + newValuePrior;
        // mass of all values no more likely than this one (the unseen share counts when it is no more likely)
        double lessLikely = sorted.massUpTo(own) + (newValuePrior <= own ? newValuePrior : 0);
        double probability = Math.min(1.0, lessLikely / mass);
        if (e == null && sorted.counts.length > 0) {
            // never seen: as rare as can be, so no more likely than the rarest value known
            double rarest = sorted.counts[0];
            double rarestMass = sorted.massUpTo(rarest) + (newValuePrior <= rarest ? newValuePrior : 0);
            probability = Math.min(probability, rarestMass / mass);
        }
        double median = sorted.counts.length == 0 ? 0 : sorted.counts[sorted.counts.length / 2];
        double relative = own > 0 && median > 0 ? median / own : 0;
        return new Rarity(probability, e == null, relative, count, e == null ? buckets : e.firstBucket,
                bucketsWithData < LEARNING_BUCKETS);
    }

    /** The counts in ascending order with their running sums: built once per bucket, then each look-up is a search. */
    private static final class Sorted {
        final double[] counts;
        final double[] prefix;
        final double total;

        Sorted(double[] counts) {
            this.counts = counts;
            this.prefix = new double[counts.length + 1];
            for (int i = 0; i < counts.length; i++) {
                prefix[i + 1] = prefix[i] + counts[i];
            }
            this.total = prefix[counts.length];
        }

        /** Sum of the counts ≤ {@code limit}. */
        double massUpTo(double limit) {
            int lo = 0;
            int hi = counts.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (counts[mid] <= limit) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return prefix[lo];
        }
    }

    private Sorted sorted;

    private Sorted sorted() {
        if (sorted == null) {
            double[] counts = new double[values.size()];
            int i = 0;
            for (Entry e : values.values()) {
                counts[i++] = e.count;
            }
            java.util.Arrays.sort(counts);
            sorted = new Sorted(counts);
        }
        return sorted;
    }

    /** Adds one bucket: each value that occurred in it counts once; then everything ages. */
    public void addBucket(Iterable<String> occurred) {
        sorted = null;
        boolean any = false;
        int fresh = 0;
        for (String v : occurred) {
            Entry e = values.get(v);
            if (e == null) {
                e = new Entry();
                e.firstBucket = buckets;
                values.put(v, e);
                keyChars += v.length();
                fresh++;
            }
            e.count += 1;
            e.lastBucket = buckets;
            any = true;
        }
        if (any) {
            bucketsWithData++;
        }
        if (fresh > 0) {
            lastNewValueBucket = buckets;
        }
        recentNewRate += (fresh - recentNewRate) / Math.min(buckets + 1, 168);
        buckets++;
        for (Entry e : values.values()) {
            e.count *= decay;
        }
    }

    /** Drops values whose count has decayed below {@code minCount}; returns them. */
    public List<String> prune(double minCount) {
        List<String> gone = new ArrayList<>();
        values.forEach((k, e) -> {
            if (e.count < minCount) {
                gone.add(k);
            }
        });
        for (String k : gone) {
            values.remove(k);
            keyChars -= k.length();
        }
        sorted = null;
        return gone;
    }

    public int size() {
        return values.size();
    }

    public long buckets() {
        return buckets;
    }

    /** Buckets since a value was last new here (all of them when none ever was). */
    public long bucketsSinceNewValue() {
        return lastNewValueBucket < 0 ? buckets : buckets - 1 - lastNewValueBucket;
    }

    /** New values per bucket, recently (about 168 buckets of memory). */
    public double recentNewValueRate() {
        return recentNewRate;
    }

    /** The values the model knows. */
    public Set<String> values() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    /** True when the model has seen this value. */
    public boolean knows(String value) {
        return values.containsKey(value);
    }

    public long bucketsWithData() {
        return bucketsWithData;
    }

    public boolean isLearning() {
        return bucketsWithData < LEARNING_BUCKETS;
    }

    /** Approximate bytes held: entries and their keys. */
    public long sizeBytes() {
        return 64 + 96L * values.size() + 2 * keyChars;
    }

    /** State for snapshots: value → (count, first bucket, last bucket), plus totals. */
    public record State(int version, double decayRate, double newValuePrior, long buckets, long bucketsWithData, long lastNewValueBucket,
                        double recentNewRate, Map<String, double[]> values) {
    }

    public State toState() {
        Map<String, double[]> map = new java.util.TreeMap<>();
        values.forEach((k, e) -> map.put(k, new double[]{e.count, e.firstBucket, e.lastBucket}));
        return new State(1, decayRate, newValuePrior, buckets, bucketsWithData, lastNewValueBucket, recentNewRate, map);
    }

    public static RareModel fromState(State s) {
        RareModel m = new RareModel(s.decayRate(), s.newValuePrior());
        m.buckets = s.buckets();
        m.bucketsWithData = s.bucketsWithData();
        m.lastNewValueBucket = s.lastNewValueBucket();
        m.recentNewRate = s.recentNewRate();
        s.values().forEach((k, v) -> {
            Entry e = new Entry();
            e.count = v[0];
            e.firstBucket = (long) v[1];
            e.lastBucket = (long) v[2];
            m.values.put(k, e);
            m.keyChars += k.length();
        });
        return m;
    }
}

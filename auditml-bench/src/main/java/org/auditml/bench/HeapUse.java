package org.auditml.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a command's heap held, for the benches: the old generation's peak, which counts garbage promoted and not yet
 * collected (so it depends on when collections happen), and what stayed alive, the most of the old generation still
 * in use right after a full collection. Memory that grew with the input shows in the latter.
 */
public final class HeapUse {
    /** The figures {@link #print} writes, a line each: name, a space, bytes. */
    public static final String PEAK_HEAP = "peak-heap-bytes";
    public static final String PEAK_OLD = "peak-old-gen-bytes";
    public static final String LIVE_OLD = "live-old-gen-bytes";

    private static final AtomicLong MOST_LIVE_OLD = new AtomicLong();

    private HeapUse() {
    }

    /** Starts noting the old generation after each full collection. */
    public static void watch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                        if (info.getGcAction().contains("major")) {
                            MOST_LIVE_OLD.accumulateAndGet(oldGeneration(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                        }
                    }
                }, null, null);
            }
        }
    }

    /**
     * Prints {@value #PEAK_OLD} and {@value #LIVE_OLD} (after one more full collection, so that there is at least
     * one), and {@value #PEAK_HEAP} with {@code allPools}.
     */
    public static void print(java.io.PrintWriter err, boolean allPools) {
        System.gc(); // the end state is measured too
        if (allPools) {
            err.println(PEAK_HEAP + " " + peak(false));
        }
        err.println(PEAK_OLD + " " + peak(true));
        err.println(LIVE_OLD + " " + Math.max(MOST_LIVE_OLD.get(), oldGeneration(afterLastFullCollection())));
    }

    /** The figures {@link #print} wrote into a command's standard error, by name. */
    public static Map<String, Long> figures(String stderr) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (String line : stderr.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2 && (parts[0].equals(PEAK_HEAP) || parts[0].equals(PEAK_OLD) || parts[0].equals(LIVE_OLD))) {
                out.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return out;
    }

    /**
     * The heap after the latest full collection (notifications come late, on a thread of their own). The full
     * collector is the one that manages the old generation and is not named for the young one (G1's young collector
     * lists the old generation too).
     */
    private static Map<String, MemoryUsage> afterLastFullCollection() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            boolean collectsOld = java.util.Arrays.stream(gc.getMemoryPoolNames()).anyMatch(HeapUse::isOld);
            boolean young = gc.getName().contains("Young") || gc.getName().contains("Scavenge") || gc.getName().equals("Copy");
            if (collectsOld && !young && gc instanceof com.sun.management.GarbageCollectorMXBean withInfo
                    && withInfo.getLastGcInfo() != null) {
                return withInfo.getLastGcInfo().getMemoryUsageAfterGc();
            }
        }
        return Map.of();
    }

    private static long oldGeneration(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
            if (isOld(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    private static boolean isOld(String pool) {
        return pool.contains("Old") || pool.contains("Tenured");
    }

    /** Sum of the heap pools' peaks (an upper bound), or of the old generation's alone. */
    private static long peak(boolean oldGenerationOnly) {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null && (isOld(pool.getName()) || !oldGenerationOnly)) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}

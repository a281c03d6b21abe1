package org.auditml.service.health;

import java.time.Duration;

/**
 * When an agent counts as gone silent: no event for {@code max(10 min, 10 × its median gap between events)}. Ten
 * times the usual gap lets a quiet host be quiet; the floor keeps a busy host's lull of a few minutes (a Beat
 * reconnecting, auditd rotating its log) from counting.
 */
public final class Silence {
    public static final Duration FLOOR = Duration.ofMinutes(10);
    static final int USUAL_GAPS = 10;

    private Silence() {
    }

    /** How long a host with this median gap between events (null: too few events to say) may stay quiet. */
    public static long thresholdMillis(Long medianGapMillis) {
        long usual = medianGapMillis == null ? 0 : medianGapMillis;
        return Math.max(FLOOR.toMillis(), usual > Long.MAX_VALUE / USUAL_GAPS ? Long.MAX_VALUE : usual * USUAL_GAPS);
    }

    /** Whether a host whose last event was at {@code lastMillis} is silent at {@code nowMillis}. */
    public static boolean silent(long lastMillis, long nowMillis, long thresholdMillis) {
        return nowMillis - lastMillis > thresholdMillis;
    }
}

package org.auditml.engine.job;

/** How job settings read in sentences: "hour" for 1h, "15 minutes" for 15m. */
public final class JobText {
    private JobText() {
    }

    public static String span(long millis) {
        if (millis == 3_600_000L) {
            return "hour";
        }
        if (millis == 86_400_000L) {
            return "day";
        }
        if (millis == 60_000L) {
            return "minute";
        }
        String[] units = {"day", "hour", "minute", "second"};
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        for (int i = 0; i < units.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + " " + units[i] + "s";
            }
        }
        return millis + " milliseconds";
    }
}

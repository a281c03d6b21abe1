package org.auditml.engine.job;

import java.time.Duration;

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
        return TimeValue.format(Duration.ofMillis(millis)).replace("m", " minutes").replace("h", " hours")
                .replace("d", " days").replace("s", " seconds");
    }
}

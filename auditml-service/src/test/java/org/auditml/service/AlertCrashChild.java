package org.auditml.service;

import org.auditml.testkit.TestClock;
import org.auditml.service.alert.AlertConfig;

import java.nio.file.Path;

import static org.auditml.service.LiveFleet.DAY12;
import static org.auditml.service.LiveFleet.FEED_ID;
import static org.auditml.service.LiveFleet.FREQUENCY;
import static org.auditml.service.LiveFleet.HOUR;
import static org.auditml.service.LiveFleet.JOB_ID;
import static org.auditml.service.LiveFleet.QUERY_DELAY;

/**
 * A process {@link AlertsKilledTest} kills: plays {@link LiveFleet}'s day 12 into a store with alerts to a webhook
 * and an NDJSON file, as {@code serve} runs it (datafeed runs, then deliveries). Run again on the same store it
 * starts over: the events it stores again are stored once, runs over buckets already closed do nothing, and what is
 * pending is delivered. Arguments: the store, the fleet's raw log, the webhook's URL, the NDJSON file.
 */
final class AlertCrashChild {
    private AlertCrashChild() {
    }

    public static void main(String[] args) {
        LiveFleet fleet = LiveFleet.read(Path.of(args[1]));
        TestClock clock = new TestClock(DAY12 + QUERY_DELAY);
        try (AuditmlService s = AuditmlService.open(Path.of(args[0]), clock)) {
            s.alerts().configure(AlertConfig.parse(LiveFleet.alertsFile(args[2], Path.of(args[3]),
                    AlertsKilledTest.MIN_SCORE), "alerts.json"));
            if (s.mlDatafeeds().stats("*", true).stream().noneMatch(d -> d.path("state").asText().equals("started"))) {
                s.jobIds().stream().filter(JOB_ID::equals).forEach(id -> s.mlJobs().delete(id, true, s.mlDatafeeds()));
                fleet.startOnHistory(s, clock);
            }
            for (long now = DAY12 + QUERY_DELAY + FREQUENCY; now <= DAY12 + 24 * HOUR + QUERY_DELAY; now += FREQUENCY) {
                clock.set(now);
                s.ingestEvents("live", fleet.arriving(now - FREQUENCY, now, null));
                s.mlDatafeeds().runStarted();
                s.alerts().deliverDue();
            }
            LiveFleet.deliverAll(s, clock);
            System.out.println("done: " + s.mlDatafeeds().stats(FEED_ID, false).get(0).path("state").asText());
        }
    }
}

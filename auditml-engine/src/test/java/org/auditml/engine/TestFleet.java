package org.auditml.engine;

import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A small fleet's processes over three weeks with a known truth: office-hour rhythms, a nightly cron, a program that
 * runs once a week; then a never-seen binary on one web server at night ({@link #MINER_AT}), and an ssh/scp storm on
 * the bastion on a weekday morning ({@link #STORM_HOUR}). Shared with the tests of the modules beside the engine.
 */
public final class TestFleet {
    public static final long HOUR = 3_600_000L;
    public static final long START = 1_700_438_400_000L; // Monday 2023-11-20 00:00 UTC
    public static final long MINER_AT = START + (18 * 24 + 3) * HOUR + 17 * 60_000;
    public static final long STORM_HOUR = START + (15 * 24 + 11) * HOUR; // Tuesday, 11:00

    private TestFleet() {
    }

    public record Event(long timestampMillis, String host, String executable) implements EventView {
        @Override
        public String field(String name) {
            return switch (name) {
                case "host.name" -> host;
                case "process.executable" -> executable;
                case "process.pid" -> Long.toString(timestampMillis % 1000);
                default -> null;
            };
        }
    }

    /** The fleet's process events, in time order. */
    public static List<Event> processes() {
        Random r = new Random(7);
        String[] hosts = {"web-01", "web-02", "db-01", "bastion-01"};
        String[] common = {"/usr/bin/ls", "/usr/bin/grep", "/usr/bin/cat", "/usr/bin/python3", "/usr/bin/ps"};
        List<Event> events = new ArrayList<>();
        for (long hour = START; hour < START + 21 * 24 * HOUR; hour += HOUR) {
            java.time.ZonedDateTime at = java.time.Instant.ofEpochMilli(hour).atZone(java.time.ZoneOffset.UTC);
            boolean office = at.getDayOfWeek().getValue() <= 5 && at.getHour() >= 8 && at.getHour() < 18;
            for (String host : hosts) {
                int n = office ? 25 + r.nextInt(15) : 4 + r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    events.add(new Event(hour + r.nextInt(3_600_000), host, common[r.nextInt(common.length)]));
                }
                if (at.getHour() == 2) {
                    events.add(new Event(hour + 60_000, host, "/usr/sbin/logrotate"));
                }
                if (host.equals("bastion-01") && office) {
                    for (int i = 0; i < 3 + r.nextInt(4); i++) {
                        events.add(new Event(hour + r.nextInt(3_600_000), host, r.nextBoolean() ? "/usr/bin/ssh" : "/usr/bin/scp"));
                    }
                }
                if (at.getDayOfWeek().getValue() == 3 && at.getHour() == 14 && host.startsWith("db")) {
                    events.add(new Event(hour + 120_000, host, "/usr/bin/pg_dump"));
                }
            }
            if (hour == STORM_HOUR) {
                for (int i = 0; i < 400; i++) {
                    events.add(new Event(hour + r.nextInt(3_600_000), "bastion-01", i % 2 == 0 ? "/usr/bin/ssh" : "/usr/bin/scp"));
                }
            }
        }
        events.add(new Event(MINER_AT, "web-02", "/tmp/.cache/xxprimef"));
        events.sort(Comparator.comparingLong(Event::timestampMillis));
        return events;
    }

    /** The records among results, highest score first. */
    public static List<AnomalyRecord> records(List<Result> results) {
        return results.stream().filter(r -> r instanceof AnomalyRecord).map(r -> (AnomalyRecord) r)
                .sorted(Comparator.comparingDouble(AnomalyRecord::recordScore).reversed()).toList();
    }
}

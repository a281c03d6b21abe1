package org.auditml.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The demo's fleet: a fortnight of a small company's servers, written the way their audit trails arrive — a raw
 * audit.log with {@code node=} prefixes for the hosts, in auditd's enriched format (the names of the ids after 0x1D),
 * and Auditbeat JSON for the containers of the Docker host.
 * Office-hour and weekday rhythms, nightly cron, an administrator at work; and the two stories of Elastic's
 * announcement: a never-seen {@code /tmp/.cache/xxprimef} on one web server at night (started by its PHP: the miner's
 * parent pid is PHP's latest run there; other parent pids are random), and an ssh/scp storm on the
 * bastion at 11:20 on the last Tuesday.
 */
public final class DemoFleet {
    private static final long HOUR = 3_600_000L;
    /** Monday 2025-11-10 00:00 UTC. */
    public static final long START = 1_762_732_800_000L;
    public static final int DAYS = 14;
    public static final long MINER_AT = START + (12 * 24 + 3) * HOUR + 17 * 60_000;   // Saturday 03:17
    public static final long STORM_HOUR = START + (8 * 24 + 11) * HOUR;               // Tuesday 11:00

    /** The servers' accounts (Debian's system users, an administrator and a deploy user). */
    private static final java.util.Map<String, String> ACCOUNTS = java.util.Map.of("0", "root", "33", "www-data",
            "105", "postgres", "1000", "admin", "1001", "deploy");

    private record Role(String host, String[] programs, int officeRate, int nightRate) {
    }

    private static final Role[] ROLES = {
            new Role("web-01", new String[]{"/usr/sbin/nginx", "/usr/bin/php8.2", "/usr/bin/curl", "/usr/bin/ls", "/usr/bin/cat"}, 30, 6),
            new Role("web-02", new String[]{"/usr/sbin/nginx", "/usr/bin/php8.2", "/usr/bin/curl", "/usr/bin/ls", "/usr/bin/cat"}, 30, 6),
            new Role("db-01", new String[]{"/usr/lib/postgresql/15/bin/postgres", "/usr/bin/psql", "/usr/bin/ls", "/usr/bin/df"}, 20, 5),
            new Role("bastion-01", new String[]{"/usr/bin/ssh", "/usr/bin/scp", "/usr/bin/ls", "/usr/bin/bash", "/usr/bin/id"}, 25, 2),
            new Role("build-01", new String[]{"/usr/bin/make", "/usr/bin/gcc", "/usr/bin/cc1", "/usr/bin/ld", "/usr/bin/git", "/usr/bin/java"}, 40, 4),
    };
    private static final String[][] CONTAINERS = {
            {"shop-web", "/usr/sbin/nginx", "/usr/sbin/php-fpm8.2", "/usr/bin/php8.2"},
            {"shop-db", "/usr/local/bin/docker-entrypoint.sh", "/usr/lib/postgresql/15/bin/postgres"},
    };

    private DemoFleet() {
    }

    /** The files written and what they hold. */
    public record Written(Path rawLog, Path containerLog, long events) {
    }

    /** Writes {@code audit.log} (raw) and {@code docker-01.ndjson} (Auditbeat) under {@code dir}. */
    public static Written write(Path dir, long seed) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        Random r = new Random(seed);
        List<List<String>> records = new ArrayList<>();
        long[] serials = new long[ROLES.length];
        for (int h = 0; h < ROLES.length; h++) {
            serials[h] = 10_000 + r.nextInt(50_000);
        }
        long events = 0;
        for (long hour = START; hour < START + DAYS * 24 * HOUR; hour += HOUR) {
            ZonedDateTime at = Instant.ofEpochMilli(hour).atZone(ZoneOffset.UTC);
            boolean weekday = at.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue();
            boolean office = weekday && at.getHour() >= 8 && at.getHour() < 18;
            for (int h = 0; h < ROLES.length; h++) {
                Role role = ROLES[h];
                int n = office ? role.officeRate + r.nextInt(role.officeRate / 2 + 1) : role.nightRate + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    String exe = role.programs[Math.min(role.programs.length - 1, (int) (role.programs.length * Math.pow(r.nextDouble(), 1.5)))];
                    String uid = exe.contains("nginx") || exe.contains("php") ? "33" : exe.contains("postgres") ? "105" : office ? "1000" : "0";
                    records.add(exec(role.host, hour + r.nextInt(3_600_000), ++serials[h], r, uid, exe, List.of(name(exe))));
                    events++;
                }
                if (at.getHour() == 3) {
                    records.add(exec(role.host, hour + 60_000, ++serials[h], r, "0", "/usr/sbin/logrotate",
                            List.of("logrotate", "/etc/logrotate.conf")));
                    events++;
                }
                if (role.host.equals("bastion-01") && hour == STORM_HOUR) {
                    for (int i = 0; i < 380; i++) {
                        String exe = i % 2 == 0 ? "/usr/bin/ssh" : "/usr/bin/scp";
                        records.add(exec(role.host, hour + 20 * 60_000 + r.nextInt(35 * 60_000), ++serials[h], r,
                                "1001", exe, List.of(name(exe), "deploy@10.0.0." + (10 + r.nextInt(40)))));
                        events++;
                    }
                }
            }
        }
        // the miner is started by the web server's PHP (its latest run before)
        int php = RawEventWriter.lastPid(records, "web-02", "/usr/bin/php8.2", MINER_AT).orElseThrow();
        records.add(exec("web-02", MINER_AT, ++serials[1], r, "33", "/tmp/.cache/xxprimef",
                List.of("/tmp/.cache/xxprimef", "-o", "pool.example.net:3333", "--donate-level=1"), php));
        events++;
        records.sort(Comparator.comparingLong(DemoFleet::timeOf));
        Path raw = dir.resolve("audit.log");
        try (BufferedWriter out = java.nio.file.Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
            for (List<String> event : records) {
                for (String line : event) {
                    out.write(line);
                }
            }
        }
        Path docker = dir.resolve("docker-01.ndjson");
        events += writeContainers(docker, r);
        return new Written(raw, docker, events);
    }

    private static long timeOf(List<String> event) {
        String line = event.get(0);
        int open = line.indexOf("audit(") + 6;
        String ts = line.substring(open, line.indexOf(':', open));
        return Long.parseLong(ts.replace(".", ""));
    }

    private static List<String> exec(String host, long time, long serial, Random r, String uid, String exe, List<String> args) {
        return exec(host, time, serial, r, uid, exe, args, -1);
    }

    /** An execution whose parent is {@code ppid} (a random one when negative; the same draws either way). */
    private static List<String> exec(String host, long time, long serial, Random r, String uid, String exe,
                                     List<String> args, int ppid) {
        int pid = 2000 + r.nextInt(60_000);
        int randomParent = pid - 1 - r.nextInt(30);
        return RawEventWriter.execution(host, time, serial, pid, ppid < 0 ? randomParent : ppid, uid, exe, "/", "exec",
                args, ACCOUNTS);
    }

    private static String name(String exe) {
        return exe.substring(exe.lastIndexOf('/') + 1);
    }

    /** The containers' executions as Auditbeat 8.x JSON, with container.id and container.name. */
    private static long writeContainers(Path file, Random r) throws IOException {
        long events = 0;
        long sequence = 500_000;
        try (BufferedWriter out = java.nio.file.Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long hour = START; hour < START + DAYS * 24 * HOUR; hour += HOUR) {
                List<String> lines = new ArrayList<>();
                for (String[] c : CONTAINERS) {
                    int n = 4 + r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        String exe = c[1 + r.nextInt(c.length - 1)];
                        long t = hour + r.nextInt(3_600_000);
                        lines.add(t + "\t" + beatJson(t, c[0], exe, ++sequence));
                        events++;
                    }
                }
                lines.sort(Comparator.comparingLong(l -> Long.parseLong(l.substring(0, l.indexOf('\t')))));
                for (String l : lines) {
                    out.write(l.substring(l.indexOf('\t') + 1));
                    out.write('\n');
                }
            }
        }
        return events;
    }

    private static String beatJson(long t, String container, String exe, long sequence) {
        return "{\"@timestamp\":\"" + Instant.ofEpochMilli(t) + "\",\"event\":{\"module\":\"auditd\",\"action\":\"executed\","
                + "\"category\":[\"process\"],\"type\":[\"start\"],\"outcome\":\"success\"},\"host\":{\"name\":\"docker-01\"},"
                + "\"agent\":{\"type\":\"auditbeat\",\"version\":\"8.15.0\"},\"container\":{\"id\":\""
                + Integer.toHexString(container.hashCode()) + "\",\"name\":\"" + container + "\"},"
                + "\"process\":{\"executable\":\"" + exe + "\",\"name\":\"" + name(exe) + "\",\"pid\":" + (3000 + sequence % 5000)
                + "},\"user\":{\"id\":\"33\",\"name\":\"www-data\"},\"auditd\":{\"sequence\":" + sequence
                + ",\"result\":\"success\",\"data\":{\"syscall\":\"execve\"}},\"tags\":[\"exec\"]}";
    }
}

package org.auditml.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a seeded multi-host raw audit log in the shape auditd writes for a fleet ({@code node=} prefixes): the
 * hosts' events are mixed in time order, and on each host the records of two concurrent events sometimes
 * interleave. Program executions (SYSCALL, EXECVE, CWD, two PATHs, PROCTITLE), file opens, network connects and
 * PAM/sudo user-space records. No EOE, as on disk. The {@link Truth} says what was written.
 */
public final class FleetLogGenerator {
    private static final String[][] PROGRAMS = {
            {"/usr/bin/ls", "ls", "-la"},
            {"/usr/bin/grep", "grep", "-r", "error", "/var/log/nginx"},
            {"/usr/bin/cat", "cat", "/etc/hostname"},
            {"/usr/bin/ps", "ps", "aux"},
            {"/usr/bin/python3", "python3", "/opt/app/worker.py", "--queue", "default"},
            {"/usr/sbin/logrotate", "logrotate", "/etc/logrotate.conf"},
            {"/usr/bin/curl", "curl", "-s", "http://127.0.0.1:8080/health"},
            {"/usr/bin/ssh", "ssh", "deploy@10.0.0.12", "uptime"},
            {"/usr/bin/scp", "scp", "backup.tar.gz", "deploy@10.0.0.12:/srv/backup/"},
            {"/bin/bash", "bash", "-c", "echo \"done\" > /tmp/status"},
            {"/usr/bin/find", "find", "/var/www", "-name", "*.php", "-mtime", "-1"},
            {"/tmp/.cache/xxprimef", "xxprimef", "-o", "pool.example.net:3333"},
    };
    private static final String[] USERS = {"0", "1000", "1001", "33"};
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final long seed;
    private final int hostCount;
    private final long startMillis;
    private final double interleaveRate;

    /**
     * @param seed           seeds every choice: the same seed writes the same bytes
     * @param hostCount      number of hosts ({@code web-01}, {@code db-02}, ...)
     * @param startMillis    log time of the first event
     * @param interleaveRate share of executions whose records interleave with the next event of the same host
     */
    public FleetLogGenerator(long seed, int hostCount, long startMillis, double interleaveRate) {
        if (hostCount < 1) {
            throw new IllegalArgumentException("hostCount must be at least 1: " + hostCount);
        }
        if (interleaveRate < 0 || interleaveRate > 1) {
            throw new IllegalArgumentException("interleaveRate must be in [0, 1]: " + interleaveRate);
        }
        this.seed = seed;
        this.hostCount = hostCount;
        this.startMillis = startMillis;
        this.interleaveRate = interleaveRate;
    }

    /** What a generated log holds. */
    public record Truth(long events, long records, long bytes, Map<String, Long> executionsByHost,
                        Map<String, Long> eventsByHost) {
    }

    /** Writes events until at least {@code targetBytes} have been written. */
    public Truth write(OutputStream out, long targetBytes) throws IOException {
        Random random = new Random(seed);
        String[] hosts = new String[hostCount];
        long[] serials = new long[hostCount];
        String[] roles = {"web", "db", "bastion", "build", "cache"};
        for (int h = 0; h < hostCount; h++) {
            hosts[h] = String.format("%s-%02d", roles[h % roles.length], h / roles.length + 1);
            serials[h] = 1000 + random.nextInt(100_000);
        }
        Map<String, Long> executions = new TreeMap<>();
        Map<String, Long> events = new TreeMap<>();
        long time = startMillis;
        long bytes = 0;
        long eventCount = 0;
        long recordCount = 0;
        StringBuilder sb = new StringBuilder(4096);
        while (bytes < targetBytes) {
            time += random.nextInt(20);
            int h = random.nextInt(hostCount);
            String host = hosts[h];
            List<List<String>> batch = new ArrayList<>();
            int n = random.nextDouble() < interleaveRate ? 2 : 1;
            for (int k = 0; k < n; k++) {
                long serial = ++serials[h];
                List<String> records = new ArrayList<>();
                int kind = random.nextInt(100);
                if (kind < 65) {
                    execution(random, host, time, serial, records);
                    executions.merge(host, 1L, Long::sum);
                } else if (kind < 80) {
                    open(random, host, time, serial, records);
                } else if (kind < 90) {
                    connect(random, host, time, serial, records);
                } else {
                    userSpace(random, host, time, serial, records);
                }
                events.merge(host, 1L, Long::sum);
                eventCount++;
                recordCount += records.size();
                batch.add(records);
            }
            sb.setLength(0);
            if (batch.size() == 2) {
                // interleave: the first record of the first event, then the whole second event, then the rest
                List<String> a = batch.get(0);
                sb.append(a.get(0));
                for (String r : batch.get(1)) {
                    sb.append(r);
                }
                for (int i = 1; i < a.size(); i++) {
                    sb.append(a.get(i));
                }
            } else {
                for (String r : batch.get(0)) {
                    sb.append(r);
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b);
            bytes += b.length;
        }
        return new Truth(eventCount, recordCount, bytes, executions, events);
    }

    private static String header(String host, String type, long time, long serial) {
        return RawEventWriter.header(host, type, time, serial);
    }

    private static String syscall(Random r, String host, long time, long serial, int number, boolean success,
                                  int items, String user, String comm, String exe, String key) {
        int pid = 1000 + r.nextInt(60_000);
        return header(host, "SYSCALL", time, serial) + "arch=c000003e syscall=" + number + " success="
                + (success ? "yes exit=0" : "no exit=-13") + " a0=" + Long.toHexString(0x55d0c0a0L + r.nextInt(4096))
                + " a1=7ffd" + Integer.toHexString(0x10000 + r.nextInt(0xeffff)) + " a2=0 a3=0 items=" + items
                + " ppid=" + (pid - 1 - r.nextInt(50)) + " pid=" + pid + " auid=" + user + " uid=" + user + " gid="
                + user + " euid=" + user + " suid=" + user + " fsuid=" + user + " egid=" + user + " sgid=" + user
                + " fsgid=" + user + " tty=pts0 ses=" + (1 + r.nextInt(40)) + " comm=\"" + comm + "\" exe=\"" + exe
                + "\" subj=unconfined key=" + (key == null ? "(null)" : "\"" + key + "\"") + "\n";
    }

    private static void execution(Random r, String host, long time, long serial, List<String> out) {
        String[] p = PROGRAMS[r.nextInt(PROGRAMS.length - 1)]; // the last one is an incident, not background
        String user = USERS[r.nextInt(USERS.length)];
        int pid = 1000 + r.nextInt(60_000);
        out.addAll(RawEventWriter.execution(host, time, serial, pid, pid - 1 - r.nextInt(50), user, p[0],
                "/home/user" + user, "exec", List.of(p).subList(1, p.length)));
    }

    private static void open(Random r, String host, long time, long serial, List<String> out) {
        boolean ok = r.nextInt(10) > 0;
        out.add(syscall(r, host, time, serial, 257, ok, 1, "0", "nginx", "/usr/sbin/nginx", "access"));
        out.add(header(host, "CWD", time, serial) + "cwd=\"/\"\n");
        out.add(header(host, "PATH", time, serial) + "item=0 name=\"/etc/shadow\" inode=" + (1000 + r.nextInt(9000))
                + " dev=08:01 mode=0100640 ouid=0 ogid=42 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0\n");
        out.add(header(host, "PROCTITLE", time, serial) + "proctitle=6E67696E783A20776F726B65722070726F63657373\n");
    }

    private static void connect(Random r, String host, long time, long serial, List<String> out) {
        out.add(syscall(r, host, time, serial, 42, true, 0, "1000", "curl", "/usr/bin/curl", "net"));
        out.add(header(host, "SOCKADDR", time, serial) + "saddr=02001F90" + String.format("0A0000%02X", 1 + r.nextInt(250))
                + "0000000000000000\n");
        out.add(header(host, "PROCTITLE", time, serial) + "proctitle=6375726C002D73\n");
    }

    private static void userSpace(Random r, String host, long time, long serial, List<String> out) {
        String[] types = {"USER_START", "USER_END", "CRED_ACQ", "USER_LOGIN", "USER_CMD"};
        String type = types[r.nextInt(types.length)];
        String body = "USER_CMD".equals(type)
                ? "cwd=\"/home/alice\" cmd=73797374656D63746C20726573746172742061707032 terminal=pts/0 res=success"
                : "op=PAM:session_open grantors=pam_unix acct=\"alice\" exe=\"/usr/sbin/sshd\" hostname=10.0.0."
                + (1 + r.nextInt(250)) + " addr=10.0.0." + (1 + r.nextInt(250)) + " terminal=ssh res=success";
        out.add(header(host, type, time, serial) + "pid=" + (1000 + r.nextInt(60_000))
                + " uid=0 auid=1001 ses=7 subj=unconfined msg='" + body + "'\n");
    }

    /** Writes a fleet's log of about {@code bytes} to {@code file}: {@code hosts} hosts, seeded (the generate command's). */
    public static Truth writeFile(java.nio.file.Path file, long bytes, int hosts, long seed) throws IOException {
        try (OutputStream o = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 16)) {
            return new FleetLogGenerator(seed, hosts, 1_700_000_000_000L, 0.05).write(o, bytes);
        }
    }
}

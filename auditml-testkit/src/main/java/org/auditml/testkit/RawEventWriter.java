package org.auditml.testkit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes the raw audit records of one program execution as the kernel logs it: SYSCALL (execve), EXECVE (quoted
 * arguments, hex where they hold spaces or quotes), CWD, two PATH records and PROCTITLE (hex, NUL-separated). With the
 * host's account names, as auditd's enriched format ({@code log_format = ENRICHED}, the default of current
 * distributions) writes them: the SYSCALL and PATH records end in 0x1D and the names of their ids
 * ({@code UID="www-data"}; an id the host does not know as {@code unknown(N)}).
 */
public final class RawEventWriter {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final char ENRICHED = 0x1d;

    private RawEventWriter() {
    }

    public static String header(String host, String type, long timeMillis, long serial) {
        return "node=" + host + " type=" + type + " msg=audit(" + (timeMillis / 1000) + "."
                + String.format("%03d", timeMillis % 1000) + ":" + serial + "): ";
    }

    /** The records of one execution in the raw format, each ending in a newline. */
    public static List<String> execution(String host, long timeMillis, long serial, int pid, int ppid, String uid,
                                         String exe, String cwd, String key, List<String> args) {
        return execution(host, timeMillis, serial, pid, ppid, uid, exe, cwd, key, args, null);
    }

    /**
     * The records of one execution, each ending in a newline; enriched with {@code names} (the host's users and
     * groups by id, one table: each user here has its own group) unless it is null.
     */
    public static List<String> execution(String host, long timeMillis, long serial, int pid, int ppid, String uid,
                                         String exe, String cwd, String key, List<String> args,
                                         Map<String, String> names) {
        String comm = exe.substring(exe.lastIndexOf('/') + 1);
        comm = comm.length() > 15 ? comm.substring(0, 15) : comm;
        String syscall = header(host, "SYSCALL", timeMillis, serial) + "arch=c000003e syscall=59 success=yes exit=0"
                + " a0=55d0c0a0 a1=7ffd1e3a a2=0 a3=0 items=2 ppid=" + ppid + " pid=" + pid + " auid=" + uid
                + " uid=" + uid + " gid=" + uid + " euid=" + uid + " suid=" + uid + " fsuid=" + uid + " egid=" + uid
                + " sgid=" + uid + " fsgid=" + uid + " tty=pts0 ses=3 comm=\"" + comm + "\" exe=\"" + exe
                + "\" subj=unconfined key=" + (key == null ? "(null)" : "\"" + key + "\"")
                + (names == null ? "" : ENRICHED + "ARCH=x86_64 SYSCALL=execve AUID=" + name(names, uid) + " UID="
                + name(names, uid) + " GID=" + name(names, uid) + " EUID=" + name(names, uid) + " SUID="
                + name(names, uid) + " FSUID=" + name(names, uid) + " EGID=" + name(names, uid) + " SGID="
                + name(names, uid) + " FSGID=" + name(names, uid)) + "\n";
        String pathNames = names == null ? "" : ENRICHED + "OUID=" + name(names, "0") + " OGID=" + name(names, "0");
        StringBuilder execve = new StringBuilder(header(host, "EXECVE", timeMillis, serial)).append("argc=").append(args.size());
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            execve.append(" a").append(i).append('=');
            if (arg.contains(" ") || arg.contains("\"") || arg.contains("'")) {
                execve.append(HEX.formatHex(arg.getBytes(StandardCharsets.UTF_8)));
            } else {
                execve.append('"').append(arg).append('"');
            }
            if (i > 0) {
                title.append('\0');
            }
            title.append(arg);
        }
        return List.of(syscall, execve.append('\n').toString(),
                header(host, "CWD", timeMillis, serial) + "cwd=\"" + cwd + "\"\n",
                header(host, "PATH", timeMillis, serial) + "item=0 name=\"" + exe + "\" inode=" + (100_000 + (exe.hashCode() & 0xfffff))
                        + " dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0"
                        + pathNames + "\n",
                header(host, "PATH", timeMillis, serial) + "item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=19161168"
                        + " dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0"
                        + pathNames + "\n",
                header(host, "PROCTITLE", timeMillis, serial) + "proctitle="
                        + HEX.formatHex(title.toString().getBytes(StandardCharsets.UTF_8)) + "\n");
    }

    private static final java.util.regex.Pattern PID = java.util.regex.Pattern.compile(" pid=(\\d+) ");

    /**
     * The pid of the latest execution of {@code exe} on {@code host} before {@code beforeMillis} among {@code records}
     * (each the lines of one execution as {@link #execution} writes them, in any order): a planted process's parent.
     */
    public static java.util.OptionalInt lastPid(List<List<String>> records, String host, String exe, long beforeMillis) {
        String node = "node=" + host + " type=SYSCALL ";
        String exeField = " exe=\"" + exe + "\" ";
        long best = Long.MIN_VALUE;
        int pid = -1;
        for (List<String> event : records) {
            String syscall = event.get(0);
            if (!syscall.startsWith(node) || !syscall.contains(exeField)) {
                continue;
            }
            int open = syscall.indexOf("audit(") + 6;
            long t = Long.parseLong(syscall.substring(open, syscall.indexOf(':', open)).replace(".", ""));
            java.util.regex.Matcher m = PID.matcher(syscall);
            if (t < beforeMillis && t > best && m.find()) {
                best = t;
                pid = Integer.parseInt(m.group(1));
            }
        }
        return pid < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(pid);
    }

    /** An id's name as the enriched format quotes it. */
    private static String name(Map<String, String> names, String id) {
        String name = names.get(id);
        return name != null ? "\"" + name + "\"" : "\"unknown(" + id + ")\"";
    }
}

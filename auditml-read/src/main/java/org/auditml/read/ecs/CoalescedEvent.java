package org.auditml.read.ecs;

import org.auditml.read.raw.RawRecord;
import org.auditml.read.raw.RecordGroup;
import org.auditml.read.raw.SyscallTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one event merged as go-libaudit's coalescer merges them: the primary record's fields (the SYSCALL
 * record of a compound event) with ids, SELinux labels, result, session and tags taken apart, PATH records as
 * paths, EXECVE as arguments, SOCKADDR as socket fields, and the other records filling in missing keys.
 */
final class CoalescedEvent {
    static final String UNSET = "unset";

    String type;
    final Map<String, String> data = new LinkedHashMap<>(64);
    final Map<String, String> ids = new LinkedHashMap<>(32);
    final Map<String, String> selinux = new LinkedHashMap<>();
    final Map<String, String> enriched = new LinkedHashMap<>();
    final List<Map<String, String>> paths = new ArrayList<>();
    final Map<String, String> socket = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();
    List<String> tags = List.of();
    List<String> args;
    String result;
    String session;
    boolean compound;
    private final List<RawRecord> execve = new ArrayList<>(1);

    static CoalescedEvent of(RecordGroup group) {
        CoalescedEvent ev = new CoalescedEvent();
        List<RawRecord> records = group.records();
        RawRecord first = records.get(0);
        RawRecord primary = first;
        ev.compound = records.size() > 1;
        if (ev.compound) {
            RawRecord syscall = group.first("SYSCALL");
            if (syscall != null) {
                primary = syscall;
            } else {
                ev.warnings.add("missing syscall message in compound event");
            }
        }
        ev.type = first.type();
        for (RawRecord r : records) {
            ev.enriched.putAll(r.enriched());
        }
        Map<String, String> d = cleaned(primary);
        ev.result = resultOf(d);
        String ses = d.remove("ses");
        ev.session = ses == null ? "" : ses;
        String key = d.remove("key");
        ev.tags = tagsOf(key);
        for (Map.Entry<String, String> e : d.entrySet()) {
            String k = e.getKey();
            if (k.endsWith("uid") || k.endsWith("gid")) {
                ev.ids.put(k, e.getValue());
            } else if (k.startsWith("subj_")) {
                ev.selinux.put(k.substring(5), e.getValue());
            } else {
                ev.data.put(k, e.getValue());
            }
        }
        if (ev.compound) {
            for (RawRecord r : records) {
                ev.merge(r, r == primary);
            }
            if (!ev.execve.isEmpty()) {
                ev.args = ExecveArgs.join(ev.execve, ev.warnings, ev.data);
            }
        }
        ev.interpretSyscall();
        return ev;
    }

    private void merge(RawRecord r, boolean isPrimary) {
        switch (r.type()) {
            case "SYSCALL" -> data.remove("items");
            case "PATH" -> paths.add(cleaned(r));
            case "SOCKADDR" -> {
                SocketAddress sa = SocketAddress.parse(r.get("saddr"));
                if (sa != null) {
                    socket.put("family", sa.family());
                    putIfSet(socket, "addr", sa.address());
                    putIfSet(socket, "port", sa.port() == null ? null : sa.port().toString());
                    putIfSet(socket, "path", sa.path());
                    if (sa.address() == null && sa.path() == null) {
                        socket.put("saddr", r.get("saddr"));
                    }
                }
            }
            case "EXECVE" -> execve.add(r);
            default -> {
                if (isPrimary) {
                    return;
                }
                for (Map.Entry<String, String> e : cleaned(r).entrySet()) {
                    if (data.containsKey(e.getKey())) {
                        warnings.add("duplicate key (" + e.getKey() + ") from " + r.type() + " message");
                    } else {
                        data.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
    }

    private void interpretSyscall() {
        String archHex = data.get("arch");
        String arch = SyscallTable.arch(archHex);
        if (arch == null && enriched.containsKey("ARCH")) {
            arch = enriched.get("ARCH");
        }
        if (arch != null) {
            data.put("arch", arch);
        }
        String number = data.get("syscall");
        if (number != null) {
            String name = SyscallTable.syscall(arch, number);
            if (name == null && enriched.get("SYSCALL") != null) {
                name = enriched.get("SYSCALL");
            }
            if (name != null) {
                data.put("syscall", name);
            }
        }
        String errno = SyscallTable.errno(data.get("exit"));
        if (errno != null) {
            data.put("exit", errno);
        }
    }

    /**
     * A record's fields as auparse leaves them: sentinels ({@code ?}, {@code (null)}, empty) dropped, unset
     * {@code auid}/{@code ses} written {@code unset}, {@code subj}/{@code obj} split into their labels, the
     * PROCTITLE's NULs turned into spaces.
     */
    static Map<String, String> cleaned(RawRecord r) {
        Map<String, String> out = new LinkedHashMap<>(r.size() * 2);
        for (int i = 0; i < r.size(); i++) {
            String k = r.key(i);
            String v = r.value(i);
            if (v.isEmpty() || "?".equals(v) || "?,".equals(v) || "(null)".equals(v)) {
                continue;
            }
            if (("auid".equals(k) || "old-auid".equals(k) || "ses".equals(k))
                    && ("4294967295".equals(v) || "-1".equals(v))) {
                v = UNSET;
            }
            if ("subj".equals(k) || "obj".equals(k)) {
                splitLabel(k, v, out);
                continue;
            }
            if ("proctitle".equals(k) && v.indexOf('\0') >= 0) {
                v = v.replace('\0', ' ');
            }
            out.put(k, v);
        }
        return out;
    }

    private static void splitLabel(String key, String value, Map<String, String> out) {
        String[] names = {"user", "role", "domain", "level", "category"};
        String[] parts = value.split(":", 5);
        for (int i = 0; i < parts.length; i++) {
            out.put(key + "_" + names[i], parts[i]);
        }
    }

    /** success= wins over res=; yes, 1 and suc* are success, anything else fail; null when neither is there. */
    private static String resultOf(Map<String, String> d) {
        String v = d.remove("success");
        if (v == null) {
            v = d.remove("res");
        }
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        return "yes".equals(lower) || "1".equals(lower) || lower.startsWith("suc") ? "success" : "fail";
    }

    /** The rule key: several keys are joined by 0x01; {@code key=net} style values keep the part after '='. */
    private static List<String> tagsOf(String key) {
        if (key == null) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (String k : key.split("\u0001")) {
            int eq = k.indexOf('=');
            String tag = eq >= 0 ? k.substring(eq + 1) : k;
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}

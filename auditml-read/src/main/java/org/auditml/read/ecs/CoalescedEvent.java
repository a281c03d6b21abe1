package org.auditml.read.ecs;

import org.auditml.read.FieldMap;
import org.auditml.read.raw.RawRecord;
import org.auditml.read.raw.RecordGroup;
import org.auditml.read.raw.SyscallTable;

import java.util.ArrayList;
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
    final FieldMap<String> data = new FieldMap<>(32);
    final FieldMap<String> ids = new FieldMap<>(16);
    final FieldMap<String> selinux = new FieldMap<>(8);
    /** The PATH records, cleaned into {@link #paths} when first asked for. */
    private final List<RawRecord> pathRecords = new ArrayList<>(2);
    private List<Map<String, String>> paths;
    final FieldMap<String> socket = new FieldMap<>(4);
    final List<String> warnings = new ArrayList<>();
    List<String> tags = List.of();
    List<String> args;
    String result;
    String session;
    boolean compound;
    private List<RawRecord> records;
    /** Whether any record has enriched (upper-case) fields: most raw logs have none. */
    private boolean hasEnriched;
    private final List<RawRecord> execve = new ArrayList<>(1);
    // the primary record's outcome and rule key, read while its fields are sorted
    private String success;
    private String res;
    private String ruleKey;

    static CoalescedEvent of(RecordGroup group) {
        CoalescedEvent ev = new CoalescedEvent();
        List<RawRecord> records = group.records();
        ev.records = records;
        ev.type = records.get(0).type();
        ev.compound = records.size() > 1;
        for (RawRecord r : records) {
            ev.hasEnriched |= !r.enriched().isEmpty();
        }
        RawRecord primary = ev.primary(group);
        forEachCleaned(primary, ev::primaryField);
        ev.result = resultOf(ev.success != null ? ev.success : ev.res);
        ev.session = ev.session == null ? "" : ev.session;
        ev.tags = tagsOf(ev.ruleKey);
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

    /** The record whose fields come first: the SYSCALL of a compound event, else the first. */
    private RawRecord primary(RecordGroup group) {
        if (compound) {
            RawRecord syscall = group.first("SYSCALL");
            if (syscall != null) {
                return syscall;
            }
            warnings.add("missing syscall message in compound event");
        }
        return records.get(0);
    }

    /** Sorts a field of the primary record: outcome, session and key apart, then ids, SELinux labels, data. */
    private void primaryField(String k, String v) {
        switch (k) {
            case "success" -> success = v;
            case "res" -> res = v;
            case "ses" -> session = v;
            case "key" -> ruleKey = v;
            default -> {
                if (k.endsWith("uid") || k.endsWith("gid")) {
                    ids.put(k, v);
                } else if (k.startsWith("subj_")) {
                    selinux.put(k.substring(5), v);
                } else {
                    data.put(k, v);
                }
            }
        }
    }

    /**
     * The value of an enriched (upper-case) field; a later record's wins, as when their maps are merged in order.
     */
    String enriched(String key) {
        if (!hasEnriched) {
            return null;
        }
        for (int i = records.size() - 1; i >= 0; i--) {
            String v = records.get(i).enriched().get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    boolean hasEnriched() {
        return hasEnriched;
    }

    private void merge(RawRecord r, boolean isPrimary) {
        switch (r.type()) {
            case "SYSCALL" -> data.remove("items");
            case "PATH" -> pathRecords.add(r);
            case "SOCKADDR" -> addSocket(r.get("saddr"));
            case "EXECVE" -> execve.add(r);
            default -> {
                if (!isPrimary) {
                    forEachCleaned(r, (k, v) -> mergeField(r, k, v));
                }
            }
        }
    }

    int pathCount() {
        return pathRecords.size();
    }

    /** The PATH records' cleaned fields, in order. */
    List<Map<String, String>> paths() {
        if (paths == null) {
            paths = new ArrayList<>(pathRecords.size());
            for (RawRecord r : pathRecords) {
                paths.add(cleaned(r));
            }
        }
        return paths;
    }

    private void addSocket(String saddr) {
        SocketAddress sa = SocketAddress.parse(saddr);
        if (sa != null) {
            socket.put("family", sa.family());
            putIfSet(socket, "addr", sa.address());
            putIfSet(socket, "port", sa.port() == null ? null : sa.port().toString());
            putIfSet(socket, "path", sa.path());
            if (sa.address() == null && sa.path() == null) {
                socket.put("saddr", saddr);
            }
        }
    }

    /** A field of a secondary record: fills a missing key; the primary record's value wins. */
    private void mergeField(RawRecord r, String k, String v) {
        if (data.containsKey(k)) {
            warnings.add("duplicate key (" + k + ") from " + r.type() + " message");
        } else {
            data.put(k, v);
        }
    }

    private void interpretSyscall() {
        String archHex = data.get("arch");
        String arch = SyscallTable.arch(archHex);
        if (arch == null) {
            arch = enriched("ARCH");
        }
        if (arch != null) {
            data.put("arch", arch);
        }
        String number = data.get("syscall");
        if (number != null) {
            String name = SyscallTable.syscall(arch, number);
            if (name == null) {
                name = enriched("SYSCALL");
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

    /** Receives a record's fields one by one. */
    @FunctionalInterface
    interface FieldSink {
        void field(String key, String value);
    }

    /** A record's cleaned fields as a map (PATH records, which stay whole). */
    static Map<String, String> cleaned(RawRecord r) {
        FieldMap<String> out = new FieldMap<>(r.size());
        forEachCleaned(r, out::put);
        return out;
    }

    /**
     * A record's fields as auparse leaves them: sentinels ({@code ?}, {@code (null)}, empty) dropped, unset
     * {@code auid}/{@code ses} written {@code unset}, {@code subj}/{@code obj} split into their labels, the
     * PROCTITLE's NULs turned into spaces.
     */
    static void forEachCleaned(RawRecord r, FieldSink sink) {
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
            if ("subj".equals(k)) {
                splitLabel(SUBJ_LABELS, v, sink);
                continue;
            }
            if ("obj".equals(k)) {
                splitLabel(OBJ_LABELS, v, sink);
                continue;
            }
            if ("proctitle".equals(k) && v.indexOf('\0') >= 0) {
                v = v.replace('\0', ' ');
            }
            sink.field(k, v);
        }
    }

    private static final String[] SUBJ_LABELS = {"subj_user", "subj_role", "subj_domain", "subj_level", "subj_category"};
    private static final String[] OBJ_LABELS = {"obj_user", "obj_role", "obj_domain", "obj_level", "obj_category"};

    /** {@code user:role:domain:level[:category...]}; the last part keeps any further colons. */
    private static void splitLabel(String[] names, String value, FieldSink sink) {
        int from = 0;
        for (int i = 0; i < names.length; i++) {
            int colon = i == names.length - 1 ? -1 : value.indexOf(':', from);
            if (colon < 0) {
                sink.field(names[i], value.substring(from));
                return;
            }
            sink.field(names[i], value.substring(from, colon));
            from = colon + 1;
        }
    }

    /** yes, 1 and suc* are success, anything else fail; null when there is no outcome. */
    private static String resultOf(String v) {
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

    private static void putIfSet(FieldMap<String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}

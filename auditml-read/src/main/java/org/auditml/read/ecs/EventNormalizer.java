package org.auditml.read.ecs;

import org.auditml.read.AuditEvent;
import org.auditml.read.FieldMap;
import org.auditml.read.raw.RawRecord;
import org.auditml.read.raw.RecordGroup;
import org.auditml.read.raw.SyscallTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the records of one event into the ECS event Auditbeat (8.x) writes for it: {@code event.action} and the ECS
 * category and type from go-libaudit's normalisation table, the actor / object / how summary, process, user, file,
 * source and destination fields, {@code auditd.*}, and the rule key as {@code tags}.
 *
 * <p>Where this differs from Auditbeat on purpose: {@code host.name} comes from {@code node=} (else the file's host),
 * and {@code host.os.type} is linux; user and group names come from the enriched section, else the event's host's
 * {@link IdNames} (Auditbeat asks the machine it runs on); an event whose records are missing gets
 * {@value #INCOMPLETE_FIELD} and its warnings in {@code error.message}.
 */
public final class EventNormalizer {
    /** Set (true) on an event some of whose records are missing. */
    public static final String INCOMPLETE_FIELD = "auditml.incomplete";

    private static final Set<String> SOURCE_SYSCALLS = Set.of("recvfrom", "recvmsg", "accept", "accept4");
    private static final Set<String> DESTINATION_SYSCALLS = Set.of("connect", "sendto", "sendmsg");
    private static final Set<String> INTERPRETERS = Set.of("/usr/bin/python", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/perl");

    /** What Linux audit records tell of the host's operating system: its type, not its version. */
    private static final String OS_TYPE = "linux";

    private final NormalizationTable table;
    private final IdNames.ByHost namesByHost;

    private EventNormalizer(NormalizationTable table, IdNames.ByHost namesByHost) {
        this.table = table;
        this.namesByHost = namesByHost;
    }

    /** The standard table, names from the enriched log and root. */
    public static EventNormalizer standard() {
        IdNames rootOnly = IdNames.rootOnly();
        return new EventNormalizer(NormalizationTable.standard(), host -> rootOnly);
    }

    /** The standard table with the same user and group names for every host. */
    public static EventNormalizer withNames(IdNames names) {
        Objects.requireNonNull(names, "names");
        return new EventNormalizer(NormalizationTable.standard(), host -> names);
    }

    /** The standard table with each host's user and group names. */
    public static EventNormalizer withNames(IdNames.ByHost namesByHost) {
        return new EventNormalizer(NormalizationTable.standard(), Objects.requireNonNull(namesByHost, "namesByHost"));
    }

    public AuditEvent normalize(RecordGroup group, String defaultHost) {
        return normalize(group, defaultHost, null);
    }

    /** Normalises {@code group}, keeping {@code original} (its lines as read) as {@link AuditEvent#original}. */
    public AuditEvent normalize(RecordGroup group, String defaultHost, String original) {
        return normalize(group, defaultHost, original, true);
    }

    /**
     * Normalises {@code group} as {@link #normalize(RecordGroup, String, String)} does, but leaves its {@linkplain
     * #isDetail detail} to be worked out when first asked for: for consumers that read a few fields of each event
     * (storing it, which keeps the original, and jobs), to whom the detail was a large share of reading a log.
     */
    public AuditEvent normalizeDeferringDetail(RecordGroup group, String defaultHost, String original) {
        return normalize(group, defaultHost, original, false);
    }

    /**
     * The fields {@link #normalizeDeferringDetail} defers: auditd's data (but for the syscall, which datafeeds filter
     * on), paths and summary, and the file, source, destination and network fields.
     */
    public static boolean isDetail(String field) {
        if (field.isEmpty()) {
            return false;
        }
        return switch (field.charAt(0)) { // asked on every look-up of a field: most names fail at the first letter
            case 'a' -> field.startsWith("auditd.data.") ? !"auditd.data.syscall".equals(field)
                    : field.startsWith("auditd.summary.") || "auditd.paths".equals(field);
            case 'f' -> field.startsWith("file.");
            case 's' -> field.startsWith("source.");
            case 'd' -> field.startsWith("destination.");
            case 'n' -> field.startsWith("network.");
            default -> false;
        };
    }

    private AuditEvent normalize(RecordGroup group, String defaultHost, String original, boolean withDetail) {
        CoalescedEvent ev = CoalescedEvent.of(group);
        String host = group.node() != null ? group.node() : defaultHost;
        IdNames names = namesByHost.forHost(host);
        Normalized s = new Normalized();
        Normalization norm = applyNormalization(ev, s, withDetail, names);
        Entities entities = new Entities();
        applyMappings(ev, s, norm, entities, names);
        s.incomplete = isIncomplete(group, ev);

        AuditEvent.Builder b = AuditEvent.builder(group.timeMillis()).original(original);
        String outcome = s.outcome != null ? s.outcome : ev.result == null ? "unknown"
                : "fail".equals(ev.result) ? "failure" : ev.result;
        b.put("event.kind", "event");
        b.put("event.action", s.action);
        b.put("event.category", s.category);
        b.put("event.type", authenticationResult(ev, s.types, outcome));
        b.put("event.outcome", outcome);
        b.put("event.module", "auditd");
        b.put("host.name", host);
        b.put("host.os.type", OS_TYPE);
        putProcess(ev, b);
        putUser(ev, entities, b, names);
        putAuditd(group, ev, s, b, withDetail, names);
        if (withDetail) {
            putFile(ev, s, b);
            putNetwork(ev, s, b);
        } else {
            b.deferring(EventNormalizer::isDetail, () -> normalize(group, defaultHost, original, true));
        }
        b.put("tags", ev.tags);
        b.put("related.user", new ArrayList<>(entities.related));
        b.put("service.type", "auditd");
        if (!ev.warnings.isEmpty()) {
            b.put("error.message", ev.warnings);
        }
        if (s.incomplete) {
            b.put(INCOMPLETE_FIELD, true);
        }
        return b.build();
    }

    /** An event classified without being built: its action, and whether all its records are there. */
    public record Summary(String action, boolean complete) {
    }

    /**
     * The action of an event and whether records are missing, by the same table and rules as {@link #normalize},
     * without building the event: for counting.
     */
    public Summary summarize(RecordGroup group) {
        List<RawRecord> records = group.records();
        RawRecord first = records.get(0);
        RawRecord syscall = group.first("SYSCALL");
        String syscallName = null;
        if (syscall != null) {
            String arch = SyscallTable.arch(syscall.get("arch"));
            if (arch == null) {
                arch = syscall.enriched().get("ARCH");
            }
            syscallName = SyscallTable.syscall(arch, syscall.get("syscall"));
            if (syscallName == null) {
                syscallName = syscall.enriched().get("SYSCALL");
            }
        }
        Normalization norm;
        if ("SYSCALL".equals(first.type())) {
            norm = syscallName == null ? table.forSyscall(null) : table.forSyscall(syscallName);
        } else {
            Set<String> keys = new java.util.HashSet<>();
            for (RawRecord r : records) {
                for (int i = 0; i < r.size(); i++) {
                    keys.add(r.key(i));
                }
            }
            norm = table.forRecordType(first.type(), keys);
        }
        boolean complete = records.size() == 1 || syscall != null;
        if (syscall != null) {
            String items = syscall.get("items");
            int paths = 0;
            for (RawRecord r : records) {
                if ("PATH".equals(r.type())) {
                    paths++;
                }
            }
            if (items != null && isDigits(items)
                    && paths < Integer.parseInt(items)) {
                complete = false;
            }
            if (("execve".equals(syscallName) || "execveat".equals(syscallName)) && group.first("EXECVE") == null
                    && "yes".equals(syscall.get("success"))) {
                complete = false;
            }
        }
        return new Summary(norm == null ? null : norm.action(), complete);
    }

    /** What the normalisation makes of an event. */
    private static final class Normalized {
        String action;
        List<String> category = List.of();
        List<String> types = List.of();
        String outcome;
        String actorPrimary;
        String actorSecondary;
        String objectType;
        String objectPrimary;
        String objectSecondary;
        String how;
        FieldMap<String> file;
        Map<String, String> source;
        FieldMap<String> destination;
        String direction;
        boolean incomplete;
    }

    /** ECS user entities from the mappings: user, user.effective, user.target, user.changes, group. */
    private static final class Entities {
        final Map<String, String[]> byTarget = new LinkedHashMap<>();
        final Set<String> related = new TreeSet<>();
    }

    /**
     * A login's types with its result, as Auditbeat 7 wrote them ({@code authentication_success} or
     * {@code authentication_failure}): what Elastic's authentication rules and dashboards of that era look for.
     */
    private static List<String> authenticationResult(CoalescedEvent ev, List<String> types, String outcome) {
        if (!"USER_LOGIN".equals(ev.type) || !("success".equals(outcome) || "failure".equals(outcome))) {
            return types;
        }
        return concat(types, List.of("authentication_" + outcome));
    }

    private Normalization applyNormalization(CoalescedEvent ev, Normalized s, boolean withDetail, IdNames names) {
        String syscall = ev.data.get("syscall");
        Normalization sysNorm = syscall == null ? null : table.forSyscall(syscall);
        Normalization norm = "SYSCALL".equals(ev.type) ? sysNorm
                : table.forRecordType(ev.type, presentKeys(ev));
        s.actorPrimary = ev.ids.get("auid");
        s.actorSecondary = ev.ids.get("uid");
        s.how = defaultHow(ev);
        addSocket(ev, s, syscall);
        if (norm == null) {
            ev.warnings.add("no normalization found for event");
            return null;
        }
        s.action = norm.action();
        s.category = norm.ecsCategory();
        s.types = norm.ecsType();
        if (sysNorm != null && sysNorm.entry() != norm.entry()) {
            s.category = concat(s.category, sysNorm.ecsCategory());
            s.types = concat(s.types, sysNorm.ecsType());
            if ("fail".equals(ev.result)) {
                s.outcome = "failure";
            }
        }
        s.category = distinct(s.category);
        if (s.category.isEmpty()) {
            s.category = List.of(LegacyCategory.of(ev.type)); // as Auditbeat: audit's own word when ECS has none
        }
        if (!norm.isDefault("how") && !norm.how().isEmpty()) {
            String how = "syscall".equals(norm.how().get(0)) ? syscall : first(ev, norm.how());
            if (how != null) {
                s.how = how;
            } else {
                ev.warnings.add("failed to set how using keys=" + goList(norm.how()) + " because they were not found");
            }
        }
        if (!norm.isDefault("subject_primary")) {
            s.actorPrimary = pick(ev, norm.subjectPrimary(), s.actorPrimary, "subject primary");
        }
        if (!norm.isDefault("subject_secondary")) {
            s.actorSecondary = pick(ev, norm.subjectSecondary(), s.actorSecondary, "subject secondary");
        }
        s.objectType = norm.objectWhat();
        // which file is detail (file.*, the summary), left for later unless a mapping reads the object
        if (("file".equals(s.objectType) || "filesystem".equals(s.objectType)) && ev.pathCount() > 0
                && (withDetail || mapsObject(norm))) {
            setFileObject(ev, s, norm.objectPathIndex(), names);
        } else if ("socket".equals(s.objectType)) {
            s.objectPrimary = ev.socket.containsKey("addr") ? ev.socket.get("addr") : ev.socket.get("path");
            s.objectSecondary = ev.socket.get("port");
        }
        s.objectPrimary = pick(ev, norm.objectPrimary(), s.objectPrimary, "object primary");
        s.objectSecondary = pick(ev, norm.objectSecondary(), s.objectSecondary, "object secondary");
        if (s.source == null && !norm.sourceIp().isEmpty()) {
            String ip = null;
            for (String k : norm.sourceIp()) {
                ip = ev.data.remove(k);
                if (ip != null) {
                    break;
                }
            }
            if (ip != null) {
                s.source = Map.of("ip", ip);
                s.direction = "ingress";
            } else {
                ev.warnings.add("failed to set source IP using keys=" + goList(norm.sourceIp())
                        + " because they were not found");
            }
        }
        return norm;
    }

    /** Whether an ECS mapping of {@code norm} reads the object (it does for a few account events). */
    private static boolean mapsObject(Normalization norm) {
        for (Normalization.Mapping m : norm.ecsMappings()) {
            if (m.from().startsWith("object.")) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> presentKeys(CoalescedEvent ev) {
        Set<String> keys = new java.util.HashSet<>(ev.data.keySet());
        keys.addAll(ev.ids.keySet());
        return keys;
    }

    private static String defaultHow(CoalescedEvent ev) {
        String exe = ev.data.get("exe");
        String comm = ev.data.get("comm");
        if (exe != null && comm != null) {
            for (String interpreter : INTERPRETERS) {
                if (exe.startsWith(interpreter)) {
                    return comm;
                }
            }
        }
        return exe != null ? exe : comm;
    }

    private static void addSocket(CoalescedEvent ev, Normalized s, String syscall) {
        if (ev.socket.isEmpty()) {
            return;
        }
        if (syscall == null) {
            ev.warnings.add("failed to add SOCKADDR data because syscall is unknown");
            return;
        }
        FieldMap<String> address = new FieldMap<>(4);
        if (ev.socket.get("addr") != null) {
            address.put("ip", ev.socket.get("addr"));
        }
        if (ev.socket.get("port") != null) {
            address.put("port", ev.socket.get("port"));
        }
        if (ev.socket.get("path") != null) {
            address.put("path", ev.socket.get("path"));
        }
        if (SOURCE_SYSCALLS.contains(syscall)) {
            s.direction = "ingress";
            s.source = address.isEmpty() ? null : address;
        } else if (DESTINATION_SYSCALLS.contains(syscall)) {
            s.direction = "egress";
            s.destination = address.isEmpty() ? null : address;
        }
    }

    /** The first of {@code keys} present in data, then ids; else {@code fallback} (and a warning). */
    private static String pick(CoalescedEvent ev, List<String> keys, String fallback, String what) {
        if (keys.isEmpty()) {
            return fallback;
        }
        String v = first(ev, keys);
        if (v != null) {
            return v;
        }
        ev.warnings.add("failed to set " + what + " using keys=" + goList(keys) + " because they were not found");
        return fallback;
    }

    private static String first(CoalescedEvent ev, List<String> keys) {
        for (String k : keys) {
            String v = ev.data.get(k);
            if (v == null) {
                v = ev.ids.get(k);
            }
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String goList(List<String> keys) {
        return "[" + String.join(" ", keys) + "]";
    }

    /** The first path from the hint on that is not a PARENT or UNKNOWN name, else the hinted one. */
    private void setFileObject(CoalescedEvent ev, Normalized s, int hint, IdNames names) {
        List<Map<String, String>> paths = ev.paths();
        int idx = hint >= 0 && hint < paths.size() ? hint : 0;
        Map<String, String> chosen = paths.get(idx);
        for (int i = idx; i < paths.size(); i++) {
            String nametype = paths.get(i).get("nametype");
            if (!"PARENT".equals(nametype) && !"UNKNOWN".equals(nametype)) {
                chosen = paths.get(i);
                break;
            }
        }
        FieldMap<String> file = new FieldMap<>(16);
        put(file, "path", chosen.get("name"));
        put(file, "inode", chosen.get("inode"));
        put(file, "device", chosen.get("rdev"));
        put(file, "uid", chosen.get("ouid"));
        put(file, "gid", chosen.get("ogid"));
        put(file, "owner", nameOf(ev, "ouid", chosen.get("ouid"), false, names));
        put(file, "group", nameOf(ev, "ogid", chosen.get("ogid"), true, names));
        String mode = chosen.get("mode");
        if (mode != null) {
            try {
                String octal = Integer.toOctalString(Integer.parseInt(mode, 8) & 07777); // %04o without Formatter: per event
                put(file, "mode", "0".repeat(4 - octal.length()) + octal);
            } catch (NumberFormatException e) {
                // not octal: left out
            }
        }
        addObjectLabels(chosen, file);
        s.file = file;
        s.objectType = "file";
        s.objectPrimary = chosen.get("name");
    }

    /** A PATH's {@code obj_*} SELinux labels as {@code selinux.*} file fields. */
    private static void addObjectLabels(Map<String, String> path, FieldMap<String> file) {
        path.forEach((k, v) -> {
            if (k.startsWith("obj_")) {
                file.put("selinux." + k.substring(4), v);
            }
        });
    }

    private void applyMappings(CoalescedEvent ev, Normalized s, Normalization norm, Entities entities, IdNames names) {
        if (norm == null) {
            return;
        }
        for (Normalization.Mapping m : norm.ecsMappings()) {
            String v = switch (m.from()) {
                case "subject.primary" -> s.actorPrimary;
                case "subject.secondary" -> s.actorSecondary;
                case "object.primary" -> s.objectPrimary;
                case "object.secondary" -> s.objectSecondary;
                default -> m.from().startsWith("data.") ? ev.data.get(m.from().substring(5))
                        : m.from().startsWith("uid.") ? ev.ids.get(m.from().substring(4)) : null;
            };
            if (v == null || v.isEmpty()) {
                continue; // nothing to map: what addUser wrote stays
            }
            String id = null;
            String name = null;
            if (CoalescedEvent.UNSET.equals(v) || "4294967295".equals(v) || "-1".equals(v)) {
                id = CoalescedEvent.UNSET;
            } else if (isDigits(v)) {
                id = v;
            } else {
                name = v;
            }
            boolean group = m.to().startsWith("group");
            if (id != null && !CoalescedEvent.UNSET.equals(id) && name == null) {
                name = group ? names.group(id) : userName(ev, id, names);
            } else if (name != null) {
                id = group ? names.gidOf(name) : names.uidOf(name);
            }
            if (CoalescedEvent.UNSET.equals(id)) {
                id = null;
            }
            entities.byTarget.put(m.to(), new String[]{id, name});
            if (name != null && !group) {
                entities.related.add(name);
            }
        }
    }

    private void putProcess(CoalescedEvent ev, AuditEvent.Builder b) {
        putLong(b, "process.pid", ev.data.remove("pid"));
        putLong(b, "process.parent.pid", ev.data.remove("ppid"));
        b.put("process.title", ev.data.remove("proctitle"));
        b.put("process.name", ev.data.remove("comm"));
        b.put("process.executable", ev.data.remove("exe"));
        b.put("process.working_directory", ev.data.remove("cwd"));
        b.put("process.args", ev.args);
    }

    private void putUser(CoalescedEvent ev, Entities entities, AuditEvent.Builder b, IdNames names) {
        FieldMap<String> user = new FieldMap<>(32);
        if (putIds(ev, user, names)) {
            ev.selinux.forEach((k, v) -> user.put(FieldNames.of("user.selinux.", k), v));
        }
        // a mapped entity replaces what the ids gave; an unset one (both null) removes it
        entities.byTarget.forEach((target, idName) -> {
            String[] parts = {FieldNames.of(target, ".id"), FieldNames.of(target, ".name")};
            for (int i = 0; i < 2; i++) {
                if (idName[i] != null) {
                    user.put(parts[i], idName[i]);
                } else {
                    user.remove(parts[i]);
                }
            }
        });
        String uid = user.get("user.id");
        String uname = user.get("user.name");
        if ((uid != null && uid.equals(user.get("user.effective.id")))
                || (uid == null && uname != null && uname.equals(user.get("user.effective.name")))) {
            removeStartingWith(user, "user.effective.");
        }
        user.forEach(b::put);
    }

    /** Each set id as its user field and name ({@code user.audit.id}, {@code user.audit.name}); true if any. */
    private boolean putIds(CoalescedEvent ev, FieldMap<String> user, IdNames names) {
        boolean any = false;
        FieldMap<String> ids = ev.ids;
        for (int i = 0; i < ids.end(); i++) {
            String key = ids.keyAt(i);
            String v = ids.valueAt(i);
            if (key == null || CoalescedEvent.UNSET.equals(v)) {
                continue;
            }
            any = true;
            String[] fields = idFields(key);
            user.put(fields[0], v);
            String name = nameOf(ev, key, v, key.endsWith("gid"), names);
            if (name != null) {
                user.put(fields[1], name);
            }
        }
        return any;
    }

    private static void removeStartingWith(FieldMap<String> map, String prefix) {
        for (int i = 0; i < map.end(); i++) {
            String k = map.keyAt(i);
            if (k != null && k.startsWith(prefix)) {
                map.remove(k);
            }
        }
    }

    /** The id and name fields of an id key, made once per key: {@code auid} gives user.audit.id, .name. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> ID_FIELDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static String[] idFields(String key) {
        String[] fields = ID_FIELDS.get(key);
        if (fields == null) {
            String base = idField(key);
            fields = new String[]{FieldNames.of(base, ".id"), FieldNames.of(base, ".name")};
            if (ID_FIELDS.size() < 1000) { // keys come from the data: bound what is kept
                ID_FIELDS.putIfAbsent(key, fields);
            }
        }
        return fields;
    }

    /** uid → user, auid → user.audit, egid → user.effective.group; others user.KEY. */
    private static String idField(String key) {
        return switch (key) {
            case "uid" -> "user";
            case "gid" -> "user.group";
            case "euid" -> "user.effective";
            case "egid" -> "user.effective.group";
            case "suid" -> "user.saved";
            case "sgid" -> "user.saved.group";
            case "fsuid" -> "user.filesystem";
            case "fsgid" -> "user.filesystem.group";
            case "auid" -> "user.audit";
            default -> "user." + key;
        };
    }

    /** The enriched section's name for an id field, else the name table's. */
    private static String nameOf(CoalescedEvent ev, String key, String id, boolean group, IdNames names) {
        if (id == null || CoalescedEvent.UNSET.equals(id)) {
            return null;
        }
        String enriched = ev.hasEnriched() ? ev.enriched(key.toUpperCase(java.util.Locale.ROOT)) : null;
        if (enriched != null && !enriched.startsWith("unknown(") && !"unset".equals(enriched)) {
            return enriched;
        }
        return group ? names.group(id) : names.user(id);
    }

    /** A user id's name, looking for it among the event's enriched id fields first. */
    private static String userName(CoalescedEvent ev, String id, IdNames names) {
        FieldMap<String> ids = ev.ids;
        for (int i = 0; i < ids.end(); i++) {
            String key = ids.keyAt(i);
            if (key != null && id.equals(ids.valueAt(i)) && key.endsWith("uid")) {
                String n = nameOf(ev, key, id, false, names);
                if (n != null) {
                    return n;
                }
            }
        }
        return names.user(id);
    }

    private void putAuditd(RecordGroup group, CoalescedEvent ev, Normalized s, AuditEvent.Builder b, boolean withDetail,
                           IdNames names) {
        b.put("auditd.message_type", ev.type.toLowerCase(java.util.Locale.ROOT));
        b.put("auditd.sequence", group.serial());
        b.put("auditd.result", ev.result == null ? "unknown" : ev.result);
        if (!CoalescedEvent.UNSET.equals(ev.session)) {
            b.put("auditd.session", ev.session);
        }
        if (!withDetail) {
            b.put("auditd.data.syscall", ev.data.get("syscall"));
            return;
        }
        b.put("auditd.summary.actor.primary", actorName(ev, s.actorPrimary, names));
        b.put("auditd.summary.actor.secondary", actorName(ev, s.actorSecondary, names));
        b.put("auditd.summary.object.type", s.objectType);
        b.put("auditd.summary.object.primary", s.objectPrimary);
        b.put("auditd.summary.object.secondary", s.objectSecondary);
        b.put("auditd.summary.how", s.how);
        ev.data.forEach((k, v) -> b.put(FieldNames.AUDITD_DATA.of(k), v));
        ev.socket.forEach((k, v) -> b.put(FieldNames.SOCKET.of(k), v));
        if (ev.pathCount() > 0) {
            b.putObjects("auditd.paths", ev.paths());
        }
    }

    /** The actor resolved to a user name when it is a known uid; names, unknown ids and "unset" stay. */
    private static String actorName(CoalescedEvent ev, String actor, IdNames names) {
        if (actor == null || !isDigits(actor)) {
            return actor;
        }
        String n = userName(ev, actor, names);
        return n != null ? n : actor;
    }

    private static void putFile(CoalescedEvent ev, Normalized s, AuditEvent.Builder b) {
        if (s.file != null) {
            s.file.forEach((k, v) -> b.put(FieldNames.FILE.of(k), v));
        }
    }

    private static void putNetwork(CoalescedEvent ev, Normalized s, AuditEvent.Builder b) {
        if (s.source != null) {
            s.source.forEach((k, v) -> putAddress(b, FieldNames.of("source.", k), v));
        }
        if (s.destination != null) {
            s.destination.forEach((k, v) -> putAddress(b, FieldNames.of("destination.", k), v));
        }
        b.put("network.direction", s.direction);
    }

    private static void putAddress(AuditEvent.Builder b, String field, String value) {
        if (field.endsWith(".port")) {
            putLong(b, field, value);
        } else {
            b.put(field, value);
        }
    }

    /**
     * True when records are missing: a compound event without SYSCALL, fewer PATH records than the SYSCALL's
     * {@code items}, a successful execve without EXECVE, or EXECVE arguments missing.
     */
    private static boolean isIncomplete(RecordGroup group, CoalescedEvent ev) {
        boolean incomplete = false;
        for (String w : ev.warnings) {
            if (w.startsWith("missing syscall") || w.startsWith("failed to find arg") || w.startsWith("argc key")) {
                incomplete = true;
            }
        }
        RawRecord syscall = group.first("SYSCALL");
        if (syscall != null) {
            String items = syscall.get("items");
            if (items != null && isDigits(items)) {
                int expected = Integer.parseInt(items);
                if (ev.pathCount() < expected) {
                    ev.warnings.add("expected " + expected + " PATH records, found " + ev.pathCount());
                    incomplete = true;
                }
            }
            String name = ev.data.get("syscall");
            if (("execve".equals(name) || "execveat".equals(name)) && "success".equals(ev.result)
                    && group.first("EXECVE") == null) {
                ev.warnings.add("missing EXECVE record");
                incomplete = true;
            }
        }
        return incomplete;
    }

    private static void putLong(AuditEvent.Builder b, String field, String value) {
        if (value == null) {
            return;
        }
        try {
            b.put(field, Long.parseLong(value));
        } catch (NumberFormatException e) {
            // not a number: left out, as Auditbeat does
        }
    }

    private static void put(FieldMap<String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    /** The values without repeats, in order; the list itself when it has none (the table's lists have none). */
    private static List<String> distinct(List<String> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.subList(0, i).contains(values.get(i))) {
                return List.copyOf(new java.util.LinkedHashSet<>(values));
            }
        }
        return values;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<String> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    /** True for a non-empty run of digits (any script's, as {@link Character#isDigit}). */
    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}

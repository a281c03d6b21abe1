package org.auditml.read.beat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.read.AuditEvent;
import org.auditml.read.ecs.EcsCategories;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one line of Auditbeat JSON output into an {@link AuditEvent}. Nested objects become dotted names;
 * 6.x names are renamed to their 7.x+ equivalents when the new name is absent, so that a job reads either.
 * Numbers that 6.x wrote as strings ({@code process.pid: "1663"}) become numbers.
 */
public final class BeatEventParser {
    /** Old name → new name, applied when the new one is absent. Order matters for host.name. */
    private static final Map<String, String> RENAMES = new LinkedHashMap<>();

    static {
        RENAMES.put("agent.hostname", "host.name");
        RENAMES.put("beat.hostname", "host.name");
        RENAMES.put("beat.name", "agent.name");
        RENAMES.put("process.exe", "process.executable");
        RENAMES.put("process.ppid", "process.parent.pid");
        RENAMES.put("process.cwd", "process.working_directory");
        RENAMES.put("docker.container.id", "container.id");
        RENAMES.put("docker.container.name", "container.name");
        RENAMES.put("docker.container.image", "container.image.name");
        RENAMES.put("user.uid", "user.id");
        RENAMES.put("user.name_map.uid", "user.name");
        RENAMES.put("user.auid", "user.audit.id");
        RENAMES.put("user.name_map.auid", "user.audit.name");
        RENAMES.put("user.euid", "user.effective.id");
        RENAMES.put("user.name_map.euid", "user.effective.name");
        RENAMES.put("user.suid", "user.saved.id");
        RENAMES.put("user.name_map.suid", "user.saved.name");
        RENAMES.put("user.fsuid", "user.filesystem.id");
        RENAMES.put("user.name_map.fsuid", "user.filesystem.name");
        RENAMES.put("user.gid", "user.group.id");
        RENAMES.put("user.name_map.gid", "user.group.name");
        RENAMES.put("user.egid", "user.effective.group.id");
        RENAMES.put("user.name_map.egid", "user.effective.group.name");
        RENAMES.put("user.sgid", "user.saved.group.id");
        RENAMES.put("user.name_map.sgid", "user.saved.group.name");
        RENAMES.put("user.fsgid", "user.filesystem.group.id");
        RENAMES.put("user.name_map.fsgid", "user.filesystem.group.name");
        RENAMES.put("auditd.messages", "event.original");
    }

    private static final List<String> NUMERIC = List.of("process.pid", "process.parent.pid", "auditd.sequence",
            "source.port", "destination.port");
    /** Fields that name something and are read as one value each: an object there is not an event's. */
    private static final java.util.Set<String> VALUES = java.util.Set.of("host.name", "host.hostname",
            "process.executable", "process.name", "process.title", "process.pid", "process.parent.pid",
            "user.name", "user.id", "event.action", "event.module", "container.id", "container.name",
            "auditd.sequence", "agent.hostname", "beat.hostname", "agent.name");

    private final ObjectMapper mapper = new ObjectMapper();

    /** Parses one JSON object; throws {@link IllegalArgumentException} with the reason when it is not an event. */
    public AuditEvent parse(String line) {
        JsonNode root;
        try {
            root = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        Object ts = flat.remove(AuditEvent.TIMESTAMP);
        if (!(ts instanceof String text)) {
            throw new IllegalArgumentException("no @timestamp");
        }
        long millis;
        try {
            millis = Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad @timestamp: " + text);
        }
        for (Map.Entry<String, String> r : RENAMES.entrySet()) {
            Object old = flat.get(r.getKey());
            if (old != null && !flat.containsKey(r.getValue())) {
                flat.put(r.getValue(), old);
            }
        }
        for (String field : NUMERIC) {
            Object v = flat.get(field);
            if (v instanceof String s) {
                try {
                    flat.put(field, Long.parseLong(s.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(field + " must be a whole number; was \"" + s + "\"");
                }
            } else if (v != null && !(v instanceof Long)) {
                throw new IllegalArgumentException(field + " must be a whole number; was " + v);
            }
        }
        if (!flat.containsKey("host.name") && flat.get("agent.name") instanceof String name) {
            flat.put("host.name", name);
        }
        EcsCategories.repairLegacy(flat);
        AuditEvent.Builder b = AuditEvent.builder(millis).original(line);
        flat.forEach(b::putValue);
        return b.build();
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (VALUES.contains(name)) {
                    throw new IllegalArgumentException(name + " must be a value; was an object: " + v);
                }
                flatten(name, v, out);
            } else if (v.isArray()) {
                List<Object> items = new ArrayList<>(v.size());
                for (JsonNode item : v) {
                    if (item.isObject()) {
                        Map<String, Object> obj = new LinkedHashMap<>();
                        flatten("", item, obj);
                        Map<String, String> text = new LinkedHashMap<>();
                        obj.forEach((k, x) -> text.put(k, String.valueOf(x)));
                        items.add(text);
                    } else {
                        items.add(item.isValueNode() ? item.asText() : item.toString());
                    }
                }
                out.put(name, items);
            } else if (v.isIntegralNumber()) {
                if (!v.canConvertToLong()) {
                    throw new IllegalArgumentException(name + " is out of range: " + v.asText());
                }
                out.put(name, v.asLong());
            } else if (v.isNumber() && VALUES.contains(name)) {
                throw new IllegalArgumentException(name + " must be a whole number or text; was " + v.asText());
            } else if (v.isBoolean()) {
                out.put(name, v.asBoolean());
            } else if (!v.isNull()) {
                out.put(name, v.asText());
            }
        }
    }
}

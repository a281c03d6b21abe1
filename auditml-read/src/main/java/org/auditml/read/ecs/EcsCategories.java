package org.auditml.read.ecs;

import java.util.List;
import java.util.Map;

/**
 * Brings old Auditbeat categorisation up to ECS. Auditbeat 6.x wrote {@code event.category: "audit-rule"} and
 * {@code event.type: "syscall"} (audit's own words); 7.x+ write ECS lists such as {@code ["process"]} and
 * {@code ["start"]}. An old event gets the ECS values its {@code event.action} has in the normalisation table;
 * the old words are kept under {@code auditd.category} and {@code auditd.message_type}. An action without an ECS
 * category keeps the old word, as a one-element list ({@code ["mac"]}).
 */
public final class EcsCategories {
    private EcsCategories() {
    }

    /** Rewrites a flattened event in place when its category is a legacy string. */
    public static void repairLegacy(Map<String, Object> flat) {
        if (!(flat.get("event.category") instanceof String legacy)) {
            return;
        }
        flat.putIfAbsent("auditd.category", legacy);
        Object type = flat.get("event.type");
        if (type instanceof String oldType) {
            flat.putIfAbsent("auditd.message_type", oldType);
            flat.remove("event.type");
        }
        flat.remove("event.category");
        Object action = flat.get("event.action");
        Normalization n = action instanceof String a ? NormalizationTable.standard().forAction(a) : null;
        if (n != null && !n.ecsCategory().isEmpty()) {
            flat.put("event.category", List.copyOf(n.ecsCategory()));
            flat.put("event.type", List.copyOf(n.ecsType()));
        } else {
            flat.put("event.category", List.of(legacy)); // ECS has none for this action: audit's word, as a list
        }
        flat.putIfAbsent("event.kind", "event");
    }
}

package org.auditml.engine.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON merge patch (RFC 7396): an object patch merges key by key, {@code null} removes a key, anything else (arrays
 * included) replaces. The form Elastic users know from {@code _update}, and small enough to read as a diff.
 */
public final class JsonMergePatch {
    private JsonMergePatch() {
    }

    /** A patched copy of {@code target}; neither argument is changed. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? target : patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), apply(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    /** The patch as lines {@code path = value} ({@code path removed} for a null), for people to read. */
    public static List<String> describe(JsonNode patch) {
        List<String> lines = new ArrayList<>();
        describe("", patch, lines);
        return lines;
    }

    private static void describe(String path, JsonNode patch, List<String> lines) {
        if (patch.isObject() && patch.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                describe(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), lines);
            }
        } else if (patch.isNull()) {
            lines.add(path + " removed");
        } else {
            lines.add(path + " = " + patch);
        }
    }
}

package org.auditml.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Result documents as an index with ids keeps them: a later document of an id (a renormalised result) replaces the
 * earlier one in place. Grouped by job, since jobs interleave in a stream.
 */
final class ResultLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultLines() {
    }

    static Map<String, List<String>> byJob(List<String> docs) throws Exception {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        for (String doc : docs) {
            JsonNode n = JSON.readTree(doc);
            byId.computeIfAbsent(n.get("job_id").asText(), j -> new LinkedHashMap<>()).put(id(n), doc);
        }
        Map<String, List<String>> out = new TreeMap<>();
        byId.forEach((job, ids) -> out.put(job, new ArrayList<>(ids.values())));
        return out;
    }

    /** What names a result document: its type, time, detector and split values, and what it scores. */
    private static String id(JsonNode n) {
        ObjectNode key = JSON.createObjectNode();
        for (String f : new String[]{"result_type", "timestamp", "detector_index", "partition_field_value",
                "over_field_value", "by_field_value", "function_description", "influencer_field_name",
                "influencer_field_value", "model_feature"}) {
            if (n.has(f)) {
                key.set(f, n.get(f));
            }
        }
        return key.toString();
    }
}

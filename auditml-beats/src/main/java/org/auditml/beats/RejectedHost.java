package org.auditml.beats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * The host a rejected event came from, when it is JSON enough to say: the fields a Beat names its host by, nested or
 * dotted, in the order the reader takes them; "" when it says none (or is no JSON at all).
 */
final class RejectedHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("host.name", "agent.hostname", "beat.hostname", "agent.name");

    private RejectedHost() {
    }

    static String of(String json) {
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return "";
        }
        if (event == null || !event.isObject()) {
            return "";
        }
        for (String field : FIELDS) {
            JsonNode dotted = event.get(field);
            JsonNode nested = event.path(field.substring(0, field.indexOf('.'))).get(field.substring(field.indexOf('.') + 1));
            for (JsonNode v : new JsonNode[] {dotted, nested}) {
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    return v.asText();
                }
            }
        }
        return "";
    }
}

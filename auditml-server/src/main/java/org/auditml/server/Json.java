package org.auditml.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** New JSON values for the answers the routes make themselves. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** The values as Jackson writes them (filters, calendars, events), in an array. */
    static ArrayNode pojos(List<?> values) {
        ArrayNode array = array();
        values.forEach(v -> array.add(MAPPER.valueToTree(v)));
        return array;
    }
}

package org.auditml.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.job.ConfigException;
import org.auditml.service.RequestException;

/**
 * An error as Elasticsearch answers it: {@code {"error":{"root_cause":[{"type","reason"}],"type","reason"},"status"}}
 * with the HTTP status, the exception type Elastic names and a reason that says what to do; never a stack trace.
 */
record ElasticError(int status, String type, String reason) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a refusal of the service or the engine is told. */
    static ElasticError of(Exception e) {
        if (e instanceof RequestException r) {
            return switch (r.kind()) {
                case NOT_FOUND -> new ElasticError(404, "resource_not_found_exception", r.getMessage());
                case ALREADY_EXISTS -> new ElasticError(400, "resource_already_exists_exception", r.getMessage());
                case CONFLICT -> new ElasticError(409, "status_exception", r.getMessage());
                case BAD_REQUEST -> new ElasticError(400, "illegal_argument_exception", r.getMessage());
            };
        }
        if (e instanceof ConfigException c) {
            return new ElasticError(400, "x_content_parse_exception", c.getMessage());
        }
        if (e instanceof IllegalArgumentException i) {
            return new ElasticError(400, "illegal_argument_exception", i.getMessage());
        }
        // a store that failed says what failed and what to do; anything else is named by its kind
        return new ElasticError(500, "exception", e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    static ElasticError noHandler(String method, String uri) {
        return new ElasticError(400, "illegal_argument_exception", "no handler found for uri [" + uri + "] and method ["
                + method + "]");
    }

    static ElasticError unauthenticated(String uri) {
        return new ElasticError(401, "security_exception", "missing authentication credentials for REST request ["
                + uri + "]");
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.putArray("root_cause").addObject().put("type", type).put("reason", reason);
        error.put("type", type).put("reason", reason);
        root.put("status", status);
        return root.toString();
    }
}

package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API tests expect of an answer: a 200 with its JSON, or an error in Elastic's shape without a trace. */
final class ElasticAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ElasticAnswers() {
    }

    /** The body of a 200 answer. */
    static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** An error of this status whose reason (and root cause's) holds {@code reasonPart}. */
    static void assertError(HttpResponse<String> response, int status, String reasonPart) throws Exception {
        assertError(response, status, null, reasonPart);
    }

    /** The same, of this Elastic exception type (null: any). */
    static void assertError(HttpResponse<String> response, int status, String type, String reasonPart)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        JsonNode cause = body.path("error").path("root_cause").get(0);
        if (type != null) {
            assertThat(body.path("error").path("type").asText()).isEqualTo(type);
            assertThat(cause.path("type").asText()).isEqualTo(type);
        }
        assertThat(body.path("error").path("reason").asText()).contains(reasonPart);
        assertThat(cause.path("reason").asText()).contains(reasonPart);
        assertThat(response.body()).doesNotContain("\tat ");
    }
}

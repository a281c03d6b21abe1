package org.auditml.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.audit.AuditEventView;
import org.auditml.engine.query.EventQuery;
import org.auditml.store.AuditStore;

/**
 * Which stored events a search, count or histogram looks at: a datafeed query (Elasticsearch's query DSL, as a
 * datafeed's {@code query}), a {@code query_string} text (Lucene syntax with field names, as Kibana's Lucene search
 * bar takes it: {@code process.executable:"/usr/bin/curl" AND user.name:root}; a term without a field is refused, as
 * there is no default field), a time range {@code [start, end)} in epoch ms and a host. Time and host select rows in
 * the store; the queries are matched against each event of those.
 */
public record EventFilter(EventQuery query, EventQuery text, AuditStore.EventRange range) {

    /**
     * The filter of a request's parameters, each may be null. Refused, naming the part ({@code query}, {@code q}, a
     * field inside them), when the query is not JSON or does not compile, or when start is not before end.
     */
    public static EventFilter of(String queryJson, String q, Long start, Long end, String host) {
        if (start != null && end != null && start >= end) {
            throw new RequestException("start [" + start + "] must be earlier than end [" + end + "]");
        }
        EventQuery query = null;
        if (queryJson != null && !queryJson.isBlank()) {
            JsonNode tree;
            try {
                tree = MlJobs.JSON.readTree(queryJson);
            } catch (JsonProcessingException e) {
                throw new RequestException("[query] is not valid JSON: " + e.getOriginalMessage()
                        + "; give a datafeed query such as {\"term\":{\"host.name\":\"web-02\"}}");
            }
            query = EventQuery.of(tree, "query");
        }
        EventQuery text = null;
        if (q != null && !q.isBlank()) {
            text = EventQuery.of(MlJobs.JSON.createObjectNode().set("query_string",
                    MlJobs.JSON.createObjectNode().put("query", q)), "q");
        }
        return new EventFilter(query, text, new AuditStore.EventRange(start, end, host == null || host.isEmpty() ? null : host));
    }

    /** Whether every event of the range is selected (then the store counts and pages them itself). */
    boolean selectsWholeRange() {
        return query == null && text == null;
    }

    boolean matches(AuditEventView view) {
        return (query == null || query.matches(view)) && (text == null || text.matches(view));
    }
}

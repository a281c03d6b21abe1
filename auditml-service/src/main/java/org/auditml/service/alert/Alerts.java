package org.auditml.service.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.auditml.store.AlertTable;
import org.auditml.store.AuditStore;
import org.auditml.store.ResultIds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alerts of one store: which anomalies the configured rules send where ({@link #alertsFor}, committed pending
 * with their results), and their delivery ({@link #deliverDue}): each sink gets each alert once, tried again with
 * exponential back-off until it takes it (an alert of a sink no longer configured stays pending). A process killed after a sink took an alert and before it was marked sent
 * sends it again after the restart, with the same {@code alert_id}: receivers dedupe by it. Only anomalies of buckets
 * that close after a sink was first configured on the store are alerted to it. The store is used under {@code lock}
 * (the service's), never while a sink is being written to.
 */
public final class Alerts implements Alerting {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Alerts tried per delivery pass. */
    private static final int BATCH = 200;

    private final AuditStore store;
    private final Object lock;
    private final Clock clock;
    private volatile AlertConfig config;
    private final Map<String, AlertSink> sinks = new LinkedHashMap<>();
    private final Map<String, Long> since = new LinkedHashMap<>();

    public Alerts(AuditStore store, Object lock, Clock clock) {
        this.store = store;
        this.lock = lock;
        this.clock = clock;
    }

    /** Puts an alerts file's rules and sinks in place (once, before the real-time runs start). */
    public void configure(AlertConfig alertConfig) {
        synchronized (lock) {
            if (config != null) {
                throw new IllegalStateException("alerts are configured already");
            }
            long now = clock.millis();
            alertConfig.sinks().values().forEach(s -> {
                since.put(s.name(), store.alerts().since(s.name(), now));
                sinks.put(s.name(), AlertSink.of(s));
            });
            config = alertConfig;
        }
    }

    /** Whether an alerts file is in place. */
    public boolean configured() {
        return config != null;
    }

    @Override
    public List<AlertTable.Alert> alertsFor(Job job, List<Result> produced, long now) {
        AlertConfig c = config;
        if (c == null) {
            return List.of();
        }
        List<AlertTable.Alert> out = new ArrayList<>();
        for (Result r : produced) {
            if (!(r instanceof AnomalyRecord record) || record.isInterim()) {
                continue;
            }
            Set<String> to = new LinkedHashSet<>();
            c.rules().stream().filter(rule -> rule.matches(job, record.recordScore())).forEach(rule -> to.addAll(rule.sinks()));
            for (String sink : to) {
                if (record.timestamp() + record.bucketSpan() * 1000 <= since.get(sink)) {
                    continue; // its bucket had closed before the sink was set up: history
                }
                String id = ResultIds.of(record) + "/" + sink;
                out.add(AlertTable.Alert.pending(id, sink, job.jobId(), record.timestamp(), record.recordScore(),
                        body(id, sink, record), now));
            }
        }
        return out;
    }

    /** The JSON a sink is given for one anomaly. */
    private static String body(String alertId, String sink, AnomalyRecord record) {
        JsonNode doc = JSON.valueToTree(record);
        ObjectNode body = JSON.createObjectNode().put("alert_id", alertId).put("sink", sink)
                .put("job_id", record.jobId()).put("record_score", record.recordScore())
                .put("timestamp", record.timestamp())
                .put("@timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        String host = host(record);
        if (host == null) {
            body.putNull("host");
        } else {
            body.put("host", host);
        }
        body.set("record", doc);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host an anomaly is of: its split on host.name, else its host.name influencer (null: neither). */
    private static String host(AnomalyRecord r) {
        if ("host.name".equals(r.partitionFieldName())) {
            return r.partitionFieldValue();
        }
        if ("host.name".equals(r.overFieldName())) {
            return r.overFieldValue();
        }
        if ("host.name".equals(r.byFieldName())) {
            return r.byFieldValue();
        }
        if (r.influencers() != null) {
            for (AnomalyRecord.Influence i : r.influencers()) {
                if ("host.name".equals(i.fieldName()) && i.fieldValues() != null && !i.fieldValues().isEmpty()) {
                    return i.fieldValues().get(0);
                }
            }
        }
        return null;
    }

    /**
     * Delivers the pending alerts that are due, oldest first; a sink that fails is not tried again in this pass (its
     * alerts keep their order). Returns how many were delivered.
     */
    public int deliverDue() {
        AlertConfig c = config;
        if (c == null) {
            return 0;
        }
        List<AlertTable.Alert> due;
        synchronized (lock) {
            due = store.alerts().due(clock.millis(), sinks.keySet(), BATCH);
        }
        Set<String> failing = new HashSet<>();
        int delivered = 0;
        for (AlertTable.Alert a : due) {
            AlertSink sink = sinks.get(a.sink());
            if (failing.contains(a.sink())) {
                continue;
            }
            int attempts = a.attempts() + 1;
            try {
                sink.deliver(a);
            } catch (IOException | RuntimeException e) {
                failing.add(a.sink());
                boolean giveUp = attempts >= c.retry().maxAttempts();
                synchronized (lock) {
                    store.alerts().markFailed(a.alertId(), attempts, c.retry().nextAttempt(clock.millis(), attempts),
                            String.valueOf(e.getMessage()), giveUp);
                }
                continue;
            }
            synchronized (lock) {
                store.alerts().markSent(a.alertId(), attempts, clock.millis());
            }
            delivered++;
        }
        return delivered;
    }

    /** {@code GET /api/alerts}: how many are pending, sent and failed, and the latest {@code size} alerts. */
    public ObjectNode list(int size) {
        AlertTable table = store.alerts();
        ObjectNode out = JSON.createObjectNode().put("configured", configured())
                .put("pending", table.count(AlertTable.PENDING)).put("sent", table.count(AlertTable.SENT))
                .put("failed", table.count(AlertTable.FAILED));
        ArrayNode alerts = out.putArray("alerts");
        for (AlertTable.Alert a : table.latest(size)) {
            JsonNode body;
            try {
                body = JSON.readTree(a.body());
            } catch (JsonProcessingException e) {
                body = JSON.createObjectNode();
            }
            JsonNode record = body.path("record");
            ObjectNode doc = alerts.addObject().put("alert_id", a.alertId()).put("sink", a.sink())
                    .put("job_id", a.jobId()).put("timestamp", a.ts()).put("record_score", a.score())
                    .put("host", body.path("host").asText(null)).put("function", record.path("function").asText(null))
                    .put("by_field_value", record.path("by_field_value").asText(null))
                    .put("state", a.state()).put("attempts", a.attempts()).put("last_error", a.lastError())
                    .put("created_at", a.createdAt());
            if (a.sentAt() != null) {
                doc.put("sent_at", a.sentAt());
            } else {
                doc.putNull("sent_at");
            }
            if (AlertTable.PENDING.equals(a.state())) {
                doc.put("next_attempt", a.nextAttempt());
            }
        }
        return out;
    }
}

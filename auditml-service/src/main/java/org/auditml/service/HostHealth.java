package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.service.health.KernelCounters;
import org.auditml.service.health.Silence;
import org.auditml.store.AuditStore;
import org.auditml.store.HostSignals;
import org.auditml.store.ReadLoss;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per host, what the store knows of its data and the signs that some of it went missing: serial gaps (serials no
 * stored event has), what the kernel reported lost and its backlog limit, events rejected (a Beat's events that were
 * not Auditbeat JSON, malformed lines of a file: a file's count for its one host, or for host "" when it held
 * several), and whether the agent has gone silent as of now. Hosts with a problem come first. Events that came
 * too late for a real-time job are the job's to count ({@code delayed_record_count} in its data counts), not a host's.
 */
public final class HostHealth {
    private final AuditStore store;
    private final Clock clock;

    HostHealth(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Every host's health as of now. */
    public ObjectNode hosts() {
        return hosts(clock.instant());
    }

    /** Every host's health as of {@code now}: silence is measured up to it. */
    public ObjectNode hosts(Instant now) {
        HostSignals signals = store.hostSignals();
        Map<String, HostSignals.Serials> serials = signals.serials();
        Map<String, Long> medianGaps = signals.medianGapMillis();
        Map<String, Long> rejected = signals.rejectedEvents();
        Map<String, ReadLoss.HostLoss> reads = store.readLoss().byHost();
        Map<String, KernelCounters.Host> kernel = KernelCounters.of(store);
        Map<String, AuditStore.HostEvents> stored = new TreeMap<>();
        store.hostEvents().forEach(h -> stored.put(h.host(), h));
        TreeSet<String> names = new TreeSet<>(stored.keySet());
        names.addAll(rejected.keySet());
        names.addAll(reads.keySet());

        List<ObjectNode> rows = new ArrayList<>();
        for (String host : names) {
            ObjectNode doc = MlJobs.JSON.createObjectNode().put("host.name", host);
            List<String> problems = new ArrayList<>();
            AuditStore.HostEvents events = stored.get(host);
            if (events == null) {
                doc.put("events", 0).putNull("first").putNull("last");
            } else {
                doc.put("events", events.events()).put("first", events.first()).put("last", events.last());
            }
            HostSignals.Serials s = serials.getOrDefault(host, new HostSignals.Serials(0, 0));
            doc.put("serial_gaps", s.gaps()).put("serial_restarts", s.restarts());
            problem(problems, s.gaps() > 0, "serial gaps");

            KernelCounters.Host k = kernel.getOrDefault(host, KernelCounters.Host.NONE);
            doc.put("kernel_lost", k.lost()).set("kernel_lost_reported", number(k.lostReportedAt()));
            doc.set("backlog_limit", number(k.backlogLimit()));
            doc.put("backlog_wait_time_actual", k.backlogWaitTime());
            problem(problems, k.lost() > 0, "kernel lost");
            problem(problems, k.backlogWaitTime() > 0, "backlog full");

            ReadLoss.HostLoss read = reads.get(host);
            long malformed = read == null ? 0 : read.malformedLines();
            long rejectedEvents = rejected.getOrDefault(host, 0L);
            doc.put("rejected_events", rejectedEvents).put("malformed_lines", malformed);
            problem(problems, rejectedEvents + malformed > 0, "rejected");

            long threshold = Silence.thresholdMillis(medianGaps.get(host));
            boolean silent = events != null && Silence.silent(events.last(), now.toEpochMilli(), threshold);
            doc.put("silent_after_ms", threshold).set("silent_since", number(silent ? events.last() : null));
            problem(problems, silent, "silent");
            problems.forEach(doc.putArray("problems")::add);
            rows.add(doc);
        }
        rows.sort(Comparator.comparing((ObjectNode d) -> d.path("problems").isEmpty())
                .thenComparing(d -> d.path("host.name").asText()));
        ObjectNode out = MlJobs.JSON.createObjectNode().put("as_of", now.toEpochMilli());
        ArrayNode hosts = out.putArray("hosts");
        hosts.addAll(rows);
        return out;
    }

    private static void problem(List<String> problems, boolean present, String name) {
        if (present) {
            problems.add(name);
        }
    }

    private static JsonNode number(Long value) {
        return value == null ? MlJobs.JSON.nullNode() : MlJobs.JSON.getNodeFactory().numberNode(value);
    }
}

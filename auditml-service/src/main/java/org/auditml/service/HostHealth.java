package org.auditml.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.store.AuditStore;
import org.auditml.store.ReadLoss;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the store knows of each host's data: its events, the first and the last, and what the reads of its logs
 * reported lost (serial gaps, malformed lines; a file's malformed lines count for its one host, or for host "" when
 * the file held several). {@code late_events} is 0: auditml drops no event as late (events out of order beyond the
 * live jobs' slack are run again from the store).
 */
public final class HostHealth {
    private final AuditStore store;

    HostHealth(AuditStore store) {
        this.store = store;
    }

    public ObjectNode hosts() {
        Map<String, ReadLoss.HostLoss> loss = new TreeMap<>(store.readLoss().byHost());
        ObjectNode out = MlJobs.JSON.createObjectNode();
        ArrayNode hosts = out.putArray("hosts");
        for (AuditStore.HostEvents h : store.hostEvents()) {
            ObjectNode doc = hosts.addObject().put("host.name", h.host()).put("events", h.events())
                    .put("first", h.first()).put("last", h.last());
            losses(doc, loss.remove(h.host()));
        }
        loss.forEach((host, l) -> losses(hosts.addObject().put("host.name", host).put("events", 0).putNull("first")
                .putNull("last"), l));
        return out;
    }

    private static void losses(ObjectNode doc, ReadLoss.HostLoss loss) {
        doc.put("serial_gaps", loss == null ? 0 : loss.serialGaps())
                .put("malformed_lines", loss == null ? 0 : loss.malformedLines())
                .put("late_events", 0);
    }
}

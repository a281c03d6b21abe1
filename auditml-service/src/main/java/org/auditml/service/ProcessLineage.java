package org.auditml.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.audit.AuditEventView;
import org.auditml.audit.lineage.LinkedProcess;
import org.auditml.audit.lineage.ProcessEvent;
import org.auditml.audit.lineage.ProcessTable;
import org.auditml.store.AuditStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A process's lineage from the stored events of its host: the process a pid had at a time, the processes that started
 * it (parent first, as far as the events of the week before reach) and those it started (up to a day after). Each
 * process is shown as the event of the program it ran last (with its id, as {@code /api/events} shows events), with
 * {@code process.start} and, once it ended, {@code process.end}. How pids are matched and reused: {@link ProcessTable}.
 */
public final class ProcessLineage {
    static final long LOOK_BACK_MILLIS = 7 * 86_400_000L;
    static final long LOOK_AHEAD_MILLIS = 86_400_000L;
    /** A process not seen for a day is not the parent of a child of its pid (the pid was likely reused). */
    static final long STALE_MILLIS = 86_400_000L;

    private final AuditStore store;

    ProcessLineage(AuditStore store) {
        this.store = store;
    }

    /**
     * {@code {"process":{…},"ancestors":[…],"children":[…]}} for the process {@code pid} had on {@code host} at
     * {@code time}, or, when none had started by then, the first that started after it.
     */
    public ObjectNode of(String host, Long pid, Long time) {
        if (host == null || host.isBlank()) {
            throw new RequestException("missing parameter [host]: give the host.name of the process");
        }
        if (pid == null || pid < 0) {
            throw new RequestException(pid == null ? "missing parameter [pid]: give the process.pid"
                    : "parameter [pid] must not be negative: " + pid);
        }
        if (time == null) {
            throw new RequestException("missing parameter [time]: give a time the process ran (epoch milliseconds)");
        }
        ProcessTable table = new ProcessTable(STALE_MILLIS, true);
        store.forEachProcessEvent(host, time - LOOK_BACK_MILLIS, time + LOOK_AHEAD_MILLIS,
                e -> table.add(ProcessEvent.of(new AuditEventView(e.event()), e)));
        LinkedProcess process = table.at(host, pid, time).or(() -> firstAfter(table, host, pid, time))
                .orElseThrow(() -> RequestException.notFound("no process " + pid + " on host [" + host + "] around "
                        + Instant.ofEpochMilli(time) + " in the stored events"));
        ObjectNode answer = MlJobs.JSON.createObjectNode();
        answer.set("process", shown(process));
        ArrayNode ancestors = answer.putArray("ancestors");
        process.ancestors().forEach(p -> ancestors.add(shown(p)));
        ArrayNode children = answer.putArray("children");
        table.children(process).forEach(p -> children.add(shown(p)));
        return answer;
    }

    private static Optional<LinkedProcess> firstAfter(ProcessTable table, String host, long pid, long time) {
        return table.processes(host).stream().filter(p -> p.pid() == pid && p.start() > time)
                .min(Comparator.comparingLong(LinkedProcess::start));
    }

    /** The event of the program the process ran last (as /api/events shows it), with when it started and ended. */
    private static ObjectNode shown(LinkedProcess p) {
        ObjectNode out = EventSearch.document((AuditStore.StoredEvent) p.image().source());
        out.put("process.start", p.start());
        if (p.end() != Long.MAX_VALUE) {
            out.put("process.end", p.end());
        }
        return out;
    }
}

package org.auditml.audit.lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes of each host, built from events given in time order. Which process an event belongs to:
 * <ul>
 *   <li>an event of pid P belongs to the process P has now when that one has not ended, has the event's parent pid
 *       (or the event's is 1: an orphan is given to init), and was seen within {@code staleMillis} (an exec by it loads
 *       a new image into it: same pid, same parent);</li>
 *   <li>otherwise it starts a new process P (pid reuse): one that had exited, whose parent pid differs, or that was
 *       not seen for longer than {@code staleMillis}; the earlier process P ends there if it had not;</li>
 *   <li>an exit ends the process at its time.</li>
 * </ul>
 * A new process's parent is the process its parent pid has on the same host at that time, if that one is alive and
 * was seen within {@code staleMillis}; a child seen shows its parent alive too. Events of a host without a pid are
 * left out. With history kept, every process stays (to answer for any time); without, only each pid's latest, and
 * {@link #forget} drops those not seen for a while.
 */
public final class ProcessTable {
    /** The pid orphans are given to when their parent exits. */
    private static final long INIT = 1;
    private final long staleMillis;
    private final boolean keepHistory;
    private final Map<String, Map<Long, LinkedProcess>> current = new HashMap<>();
    private final Map<String, List<LinkedProcess>> history = new HashMap<>();

    public ProcessTable(long staleMillis, boolean keepHistory) {
        if (staleMillis <= 0) {
            throw new IllegalArgumentException("staleMillis must be positive: " + staleMillis);
        }
        this.staleMillis = staleMillis;
        this.keepHistory = keepHistory;
    }

    /** Takes one event (events come in time order); returns the process it belongs to, or null without a pid. */
    public LinkedProcess add(ProcessEvent e) {
        if (e.pid() == ProcessEvent.UNKNOWN || e.host() == null) {
            return null;
        }
        Map<Long, LinkedProcess> pids = current.computeIfAbsent(e.host(), h -> new HashMap<>());
        LinkedProcess p = pids.get(e.pid());
        ProcessImage image = new ProcessImage(e.time(), e.executable(), e.source());
        if (p != null && p.aliveAt(e.time()) && (p.ppid() == e.ppid() || e.ppid() == INIT)
                && e.time() - p.lastSeen() <= staleMillis) {
            if (e.kind() == ProcessEvent.Kind.EXEC) {
                p.load(image);
            } else {
                p.seen(e.time());
            }
        } else {
            if (p != null) {
                p.endAt(e.time());
            }
            LinkedProcess parent = e.ppid() == ProcessEvent.UNKNOWN || e.ppid() == e.pid() ? null : pids.get(e.ppid());
            if (parent != null && (!parent.aliveAt(e.time()) || e.time() - parent.lastSeen() > staleMillis)) {
                parent = null;
            }
            if (parent != null) {
                parent.seen(e.time());
            }
            p = new LinkedProcess(e.host(), e.pid(), e.ppid(), parent, image);
            pids.put(e.pid(), p);
            if (keepHistory) {
                history.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(p);
            }
        }
        if (e.kind() == ProcessEvent.Kind.EXIT) {
            p.endAt(e.time());
        }
        return p;
    }

    /** The process {@code pid} had on {@code host} at {@code time}, the latest pid's process without history. */
    public Optional<LinkedProcess> at(String host, long pid, long time) {
        if (!keepHistory) {
            return Optional.ofNullable(current.getOrDefault(host, Map.of()).get(pid)).filter(p -> p.aliveAt(time));
        }
        LinkedProcess found = null;
        for (LinkedProcess p : history.getOrDefault(host, List.of())) {
            if (p.pid() == pid && p.start() <= time && (found == null || p.start() >= found.start())) {
                found = p;
            }
        }
        return Optional.ofNullable(found).filter(p -> p.aliveAt(time));
    }

    /** The processes of {@code host}, in the order they started (with history; else each pid's latest). */
    public List<LinkedProcess> processes(String host) {
        if (keepHistory) {
            return List.copyOf(history.getOrDefault(host, List.of()));
        }
        return current.getOrDefault(host, Map.of()).values().stream()
                .sorted(java.util.Comparator.comparingLong(LinkedProcess::start)).toList();
    }

    /** The processes {@code parent} started, in the order they started. */
    public List<LinkedProcess> children(LinkedProcess parent) {
        return processes(parent.host()).stream().filter(p -> p.parent() == parent).toList();
    }

    /** Drops the processes not seen since {@code before} (their children keep them as parents). */
    public void forget(long before) {
        for (Iterator<Map<Long, LinkedProcess>> hosts = current.values().iterator(); hosts.hasNext(); ) {
            Map<Long, LinkedProcess> pids = hosts.next();
            pids.values().removeIf(p -> p.lastSeen() < before);
            if (pids.isEmpty()) {
                hosts.remove();
            }
        }
        history.values().forEach(list -> list.removeIf(p -> p.lastSeen() < before));
    }

    /** The processes held now (each pid's latest per host). */
    public int size() {
        return current.values().stream().mapToInt(Map::size).sum();
    }
}

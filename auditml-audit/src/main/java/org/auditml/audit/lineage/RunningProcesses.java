package org.auditml.audit.lineage;

import java.util.List;
import java.util.Optional;

/**
 * The processes of a job's hosts while the job runs, to name who started a rare program: a table without history,
 * whose processes not seen for {@link #RETAIN_MILLIS} are dropped as time goes on (memory stays bounded by what a
 * day of events starts; a long-lived daemon stays while its children show it alive).
 */
public final class RunningProcesses {
    static final long RETAIN_MILLIS = 24 * 3_600_000L;
    private static final long FORGET_EVERY_MILLIS = 3_600_000L;

    private final ProcessTable table = new ProcessTable(RETAIN_MILLIS, false);
    private long forgotUpTo = Long.MIN_VALUE;

    /** Takes one event, in time order. */
    public void add(ProcessEvent e) {
        if (forgotUpTo == Long.MIN_VALUE) {
            forgotUpTo = e.time();
        } else if (e.time() - forgotUpTo >= FORGET_EVERY_MILLIS) {
            table.forget(e.time() - RETAIN_MILLIS);
            forgotUpTo = e.time();
        }
        table.add(e);
    }

    /** The latest process running {@code executable} and its ancestors, root first and the process last. */
    public Optional<List<LinkedProcess>> chainOf(String executable) {
        return table.latestRunning(executable).map(p -> {
            List<LinkedProcess> chain = new java.util.ArrayList<>(p.ancestors());
            java.util.Collections.reverse(chain);
            chain.add(p);
            return chain;
        });
    }

    /** The processes held now. */
    public int size() {
        return table.size();
    }
}

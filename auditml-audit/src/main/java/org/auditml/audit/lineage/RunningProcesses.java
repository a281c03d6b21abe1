package org.auditml.audit.lineage;

import java.util.List;
import java.util.Optional;

/**
 * The processes of a job's hosts while the job runs, to name who started a rare program: a table without history,
 * whose processes not seen for {@link #RETAIN_MILLIS} are dropped as time goes on (a long-lived daemon stays while its
 * children show it alive). Past {@link #MAX_PROCESSES}, those not seen for the last hour go too: memory stays bounded
 * however fast a fleet starts processes.
 */
public final class RunningProcesses {
    static final long RETAIN_MILLIS = 24 * 3_600_000L;
    static final int MAX_PROCESSES = 200_000;
    private static final long FORGET_EVERY_MILLIS = 3_600_000L;
    private static final long CROWDED_CHECK_MILLIS = 60_000L;

    private final ProcessTable table = new ProcessTable(RETAIN_MILLIS, false);
    private long forgotAt = Long.MIN_VALUE;
    private long checkedAt = Long.MIN_VALUE;

    /** Takes one event, in time order. */
    public void add(ProcessEvent e) {
        long t = e.time();
        if (forgotAt == Long.MIN_VALUE) {
            forgotAt = t;
            checkedAt = t;
        } else if (t - forgotAt >= FORGET_EVERY_MILLIS) {
            table.forget(t - RETAIN_MILLIS);
            forgotAt = t;
        } else if (t - checkedAt >= CROWDED_CHECK_MILLIS) {
            if (table.size() > MAX_PROCESSES) {
                table.forget(t - FORGET_EVERY_MILLIS);
            }
            checkedAt = t;
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

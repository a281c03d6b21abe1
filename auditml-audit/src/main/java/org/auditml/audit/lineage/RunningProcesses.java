package org.auditml.audit.lineage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** The kernel keeps a task's name ({@code comm}) to 15 characters. */
    private static final int COMM_LENGTH = 15;

    private final ProcessTable table = new ProcessTable(RETAIN_MILLIS, false);
    /** The process last seen running each program, by its path, its file name and its name as comm cuts it. */
    private final Map<String, LinkedProcess> lastByProgram = new HashMap<>();
    private long forgotAt = Long.MIN_VALUE;
    private long checkedAt = Long.MIN_VALUE;

    /** Takes one event, in time order. */
    public void add(ProcessEvent e) {
        long t = e.time();
        if (forgotAt == Long.MIN_VALUE) {
            forgotAt = t;
            checkedAt = t;
        } else if (t - forgotAt >= FORGET_EVERY_MILLIS) {
            forget(t - RETAIN_MILLIS);
            forgotAt = t;
        } else if (t - checkedAt >= CROWDED_CHECK_MILLIS) {
            if (table.size() > MAX_PROCESSES) {
                forget(t - FORGET_EVERY_MILLIS);
            }
            checkedAt = t;
        }
        LinkedProcess p = table.add(e);
        String exe = p == null ? null : p.executable();
        if (exe != null) {
            String name = exe.substring(exe.lastIndexOf('/') + 1);
            lastByProgram.put(exe, p);
            lastByProgram.put(name, p);
            if (name.length() > COMM_LENGTH) {
                lastByProgram.put(name.substring(0, COMM_LENGTH), p);
            }
        }
    }

    private void forget(long before) {
        table.forget(before);
        lastByProgram.values().removeIf(p -> p.lastSeen() < before);
    }

    /**
     * The process last seen running {@code program} (its path, its file name, or that cut to comm's 15 characters, as
     * {@code process.name} may give it) and its ancestors, root first and the process last.
     */
    public Optional<List<LinkedProcess>> chainOf(String program) {
        return Optional.ofNullable(lastByProgram.get(program)).map(p -> {
            List<LinkedProcess> chain = new ArrayList<>(p.ancestors());
            Collections.reverse(chain);
            chain.add(p);
            return chain;
        });
    }

    /** The processes held now. */
    public int size() {
        return table.size();
    }
}

package org.auditml.audit.lineage;

import org.auditml.engine.EventView;

import java.util.Set;

/**
 * What the lineage takes from one event: when, where, which pid and parent pid ({@link #UNKNOWN} when the event has
 * none), the executable, and whether it is an exec (a new image), an exit (the end of the pid's process) or anything
 * else the process did (it was alive then).
 */
public record ProcessEvent(long time, String host, long pid, long ppid, String executable, Kind kind, Object source) {
    public static final long UNKNOWN = -1;

    public enum Kind { EXEC, EXIT, OTHER }

    private static final Set<String> EXECS = Set.of("execve", "execveat");
    private static final Set<String> EXITS = Set.of("exit", "exit_group");

    /**
     * What an event says of its process, from the ECS fields: {@code host.name}, {@code process.pid},
     * {@code process.parent.pid}, {@code process.executable}, {@code auditd.data.syscall}, {@code event.action}.
     */
    public static ProcessEvent of(EventView event, Object source) {
        return new ProcessEvent(event.timestampMillis(), event.field("host.name"), pidOf(event.field("process.pid")),
                pidOf(event.field("process.parent.pid")), event.field("process.executable"),
                kindOf(event.field("auditd.data.syscall"), event.field("event.action")), source);
    }

    /** The kind of event from its syscall ({@code auditd.data.syscall}) or, failing that, its ECS action. */
    public static Kind kindOf(String syscall, String action) {
        if (syscall != null) {
            return EXECS.contains(syscall) ? Kind.EXEC : EXITS.contains(syscall) ? Kind.EXIT : Kind.OTHER;
        }
        if ("executed".equals(action)) {
            return Kind.EXEC;
        }
        return "ended".equals(action) ? Kind.EXIT : Kind.OTHER;
    }

    /** A pid from an event's text: {@link #UNKNOWN} unless a non-negative number. */
    public static long pidOf(String text) {
        if (text == null || text.isEmpty()) {
            return UNKNOWN;
        }
        try {
            long v = Long.parseLong(text);
            return v < 0 ? UNKNOWN : v;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}

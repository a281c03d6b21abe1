package org.auditml.service.health;

import org.auditml.read.AuditEvent;
import org.auditml.store.AuditStore;

import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's loss and backlog figures as far as the audit stream itself carries them. The kernel counts lost
 * records ({@code audit_lost}) and the time callers waited on a full backlog, but reports them in the audit stream
 * only when they are reset ({@code auditctl --reset-lost}, {@code --reset_backlog_wait_time_actual}): a
 * CONFIG_CHANGE record {@code op=set lost=0 old=N}, N being what was lost since the last reset. A change of the
 * backlog limit comes as {@code audit_backlog_limit=N old=M}. Auditbeat ships these records as events too; the
 * counters it polls itself ({@code auditd.kernel_lost}, {@code reassembler_seq_gaps}) are monitoring metrics that
 * never travel with the events.
 */
public final class KernelCounters {
    /** {@code event.action} of a CONFIG_CHANGE record. */
    static final String CONFIG_CHANGE = "changed-audit-configuration";

    /**
     * One host's figures: records the kernel reported lost (and when it last did; null if never), its latest backlog
     * limit (null if no record said), and the backlog wait time it reported (kernel units).
     */
    public record Host(long lost, Long lostReportedAt, Long backlogLimit, long backlogWaitTime) {
        public static final Host NONE = new Host(0, null, null, 0);
    }

    private KernelCounters() {
    }

    /** Per host, what the stored CONFIG_CHANGE events say. */
    public static Map<String, Host> of(AuditStore store) {
        Map<String, Host> out = new TreeMap<>();
        store.forEachEventOfAction(CONFIG_CHANGE, e -> out.merge(e.host(), of(e.event()), KernelCounters::then));
        return out;
    }

    /** What one CONFIG_CHANGE event says. */
    static Host of(AuditEvent e) {
        long old = number(e, "auditd.data.old");
        boolean lostReset = e.getString("auditd.data.lost") != null;
        Long limit = e.getString("auditd.data.audit_backlog_limit") == null ? null
                : number(e, "auditd.data.audit_backlog_limit");
        return new Host(lostReset ? old : 0, lostReset ? e.timestampMillis() : null, limit,
                e.getString("auditd.data.backlog_wait_time_actual") != null ? old : 0);
    }

    /** An earlier figure followed by a later one: counts add up, the latest limit holds. */
    static Host then(Host earlier, Host later) {
        return new Host(earlier.lost() + later.lost(),
                later.lostReportedAt() != null ? later.lostReportedAt() : earlier.lostReportedAt(),
                later.backlogLimit() != null ? later.backlogLimit() : earlier.backlogLimit(),
                earlier.backlogWaitTime() + later.backlogWaitTime());
    }

    private static long number(AuditEvent e, String field) {
        String s = e.getString(field);
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException x) {
            return 0; // not a count: nothing to add
        }
    }
}

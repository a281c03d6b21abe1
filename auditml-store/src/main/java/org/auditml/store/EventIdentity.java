package org.auditml.store;

import org.auditml.read.AuditEvent;

/**
 * What makes two events the same for the store: host, serial and time. The serial is auditd's sequence number; an
 * event without one (some Auditbeat JSON) gets a hash of its fields instead, so that equal events get equal serials.
 */
public final class EventIdentity {
    /** Serials at or above this are hashes of events that carry no auditd sequence. */
    static final long HASHED_SERIAL = 0x7fff_ffff_0000_0000L;
    static final String SEQUENCE = "auditd.sequence";
    static final String HOST = "host.name";

    private EventIdentity() {
    }

    /** The event's host.name, or "" when it has none (or one with control characters, kept with the rest). */
    public static String host(AuditEvent e) {
        return e.get(HOST) instanceof String s && EventColumn.isPlain(s) ? s : "";
    }

    public static long serial(AuditEvent e) {
        if (e.get(SEQUENCE) instanceof Long l && l >= 0 && l < HASHED_SERIAL) {
            return l;
        }
        return HASHED_SERIAL | (e.hashCode() & 0xffff_ffffL);
    }

    /** Whether {@code serial} is auditd's sequence number (else a hash). */
    static boolean isSequence(long serial) {
        return serial < HASHED_SERIAL;
    }
}

package org.auditml.service;

import org.auditml.read.AuditEvent;
import org.auditml.store.EventIdentity;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events that come nearly in order into the store's order (time, host, serial), dropping repeats of an
 * identity, so that jobs fed as a log is read see what they would see read back from the store. Logs are nearly in
 * order: records reassemble into events up to a couple of seconds late, and hosts interleave. Each event is held until
 * the events read have moved {@link #SLACK_MILLIS} past it (or too many are held); an event older than one already
 * passed on breaks the order for good, and the caller then reads from the store instead.
 */
final class EventOrder {
    static final long SLACK_MILLIS = 10_000;
    static final int MAX_HELD = 10_000;

    private record Held(long ts, String host, long serial, AuditEvent event) {
    }

    private static final Comparator<Held> ORDER = Comparator.comparingLong(Held::ts).thenComparing(Held::host)
            .thenComparingLong(Held::serial);

    private final PriorityQueue<Held> held = new PriorityQueue<>(ORDER);
    private final Consumer<AuditEvent> out;
    private Held lastOut;
    private long latest = Long.MIN_VALUE;
    private boolean broken;

    EventOrder(Consumer<AuditEvent> out) {
        this.out = out;
    }

    /** Takes an event; false once the order is broken (nothing is passed on after that). */
    boolean add(AuditEvent event) {
        if (broken) {
            return false;
        }
        Held h = new Held(event.timestampMillis(), EventIdentity.host(event), EventIdentity.serial(event), event);
        if (lastOut != null && ORDER.compare(h, lastOut) < 0) {
            broken = true;
            held.clear();
            return false;
        }
        held.add(h);
        latest = Math.max(latest, h.ts);
        while (held.size() > MAX_HELD || held.peek().ts < latest - SLACK_MILLIS) {
            pass(held.poll());
        }
        return true;
    }

    /** Whether any event was passed on yet: a job added later would miss it. */
    boolean started() {
        return lastOut != null || broken;
    }

    boolean broken() {
        return broken;
    }

    /** Passes on every held event (at the end of the input). */
    void drain() {
        while (!broken && !held.isEmpty()) {
            pass(held.poll());
        }
    }

    private void pass(Held h) {
        if (lastOut != null && ORDER.compare(h, lastOut) == 0) {
            return; // the same identity again: the store keeps it once
        }
        lastOut = h;
        out.accept(h.event);
    }
}

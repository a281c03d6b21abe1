package org.auditml.service;

import org.auditml.read.AuditEvent;
import org.auditml.store.EventIdentity;

import java.util.function.Consumer;

/**
 * Puts events that come nearly in order into the store's order (time, host, serial), dropping repeats of an
 * identity, so that jobs fed as a log is read see what they would see read back from the store. Logs are nearly in
 * order: records reassemble into events up to a couple of seconds late, and hosts interleave. Each event is held (in a ring kept sorted) until
 * the events read have moved {@link #SLACK_MILLIS} past it (or too many are held); an event older than one already
 * passed on breaks the order for good, and the caller then reads from the store instead.
 */
final class EventOrder {
    static final long SLACK_MILLIS = 10_000;
    static final int MAX_HELD = 10_000;

    private record Held(long ts, String host, long serial, AuditEvent event) {
        int compareTo(Held o) {
            int c = Long.compare(ts, o.ts);
            if (c == 0) {
                c = host.compareTo(o.host);
            }
            return c != 0 ? c : Long.compare(serial, o.serial);
        }
    }

    /** Held events in order, a ring: nearly ordered input makes inserting O(1), unlike a heap's O(log n). */
    private Held[] ring = new Held[1024];
    private int head;
    private int size;
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
        if (lastOut != null && h.compareTo(lastOut) < 0) {
            broken = true;
            ring = new Held[0];
            size = 0;
            return false;
        }
        insert(h);
        latest = Math.max(latest, h.ts);
        while (size > MAX_HELD || (size > 0 && at(0).ts < latest - SLACK_MILLIS)) {
            pass(poll());
        }
        return true;
    }

    /** Inserts from the back, moving later events up one place. */
    private void insert(Held h) {
        if (size == ring.length) {
            Held[] bigger = new Held[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = at(i);
            }
            ring = bigger;
            head = 0;
        }
        int i = size;
        while (i > 0 && at(i - 1).compareTo(h) > 0) {
            ring[(head + i) % ring.length] = at(i - 1);
            i--;
        }
        ring[(head + i) % ring.length] = h;
        size++;
    }

    private Held at(int i) {
        return ring[(head + i) % ring.length];
    }

    private Held poll() {
        Held h = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        return h;
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
        while (!broken && size > 0) {
            pass(poll());
        }
    }

    private void pass(Held h) {
        if (lastOut != null && h.compareTo(lastOut) == 0) {
            return; // the same identity again: the store keeps it once
        }
        lastOut = h;
        out.accept(h.event);
    }
}

package org.auditml.read.raw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Groups records into events by (node, time, serial). On disk the records of concurrent events interleave and
 * there is no EOE, so an event closes on PROCTITLE or EOE, at once for single-record types, when the log has
 * moved on by more than the window (in log time, as auditd's {@code end_of_event_timeout}), when more than
 * {@code maxOpenEvents} are open (the oldest goes), or at the end of the input.
 *
 * <p>Memory is bounded by {@code maxOpenEvents} events. Events are emitted in the order they close; those
 * closed together go in the order their first record arrived. EOE records are dropped.
 */
public final class EventReassembler {
    private final long windowMillis;
    private final int maxOpenEvents;
    private final Consumer<RecordGroup> sink;
    private final LinkedHashMap<EventKey, List<RawRecord>> open = new LinkedHashMap<>();
    private final Map<String, SerialGaps> gaps = new HashMap<>();
    private long latestMillis = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    public EventReassembler(long windowMillis, int maxOpenEvents, Consumer<RecordGroup> sink) {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("windowMillis must not be negative: " + windowMillis);
        }
        if (maxOpenEvents < 1) {
            throw new IllegalArgumentException("maxOpenEvents must be at least 1: " + maxOpenEvents);
        }
        this.windowMillis = windowMillis;
        this.maxOpenEvents = maxOpenEvents;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** auditd's defaults: a 2 s end-of-event timeout, and room for 1024 open events. */
    public static EventReassembler withDefaults(Consumer<RecordGroup> sink) {
        return new EventReassembler(2000, 1024, sink);
    }

    public void accept(RawRecord record) {
        if (record.timeMillis() != lastMillis) {
            // the log's clock is the latest time seen; a record from the past (a late record, or a log whose clock
            // stepped back) still moves the scan on, so an event opened behind the clock closes once it is whole
            lastMillis = record.timeMillis();
            latestMillis = Math.max(latestMillis, lastMillis);
            closeOlderThan(latestMillis - windowMillis);
        }
        EventKey key = new EventKey(record.node(), record.timeMillis(), record.serial());
        boolean ends = RecordTypes.endsEvent(record.type());
        List<RawRecord> records = open.get(key);
        if (records == null) {
            if (ends && !RecordTypes.EOE.equals(record.type())) {
                emit(key, List.of(record), RecordGroup.Completion.END_RECORD);
                return;
            }
            if (RecordTypes.EOE.equals(record.type())) {
                return; // an EOE whose records were already closed
            }
            records = new ArrayList<>(6);
            open.put(key, records);
            if (open.size() > maxOpenEvents) {
                Iterator<Map.Entry<EventKey, List<RawRecord>>> it = open.entrySet().iterator();
                Map.Entry<EventKey, List<RawRecord>> eldest = it.next();
                it.remove();
                emit(eldest.getKey(), eldest.getValue(), RecordGroup.Completion.EVICTED);
            }
        }
        if (!RecordTypes.EOE.equals(record.type())) {
            records.add(record);
        }
        if (ends) {
            open.remove(key);
            emit(key, records, RecordGroup.Completion.END_RECORD);
        }
    }

    /** Closes every open event: the input has ended. */
    public void flush() {
        List<Map.Entry<EventKey, List<RawRecord>>> rest = new ArrayList<>(open.entrySet());
        open.clear();
        for (Map.Entry<EventKey, List<RawRecord>> e : rest) {
            emit(e.getKey(), e.getValue(), RecordGroup.Completion.END_OF_INPUT);
        }
    }

    /**
     * Closes events that began before the cutoff. Open events are kept in arrival order, which is log-time order
     * but for interleaving, so the scan stops at the first younger event: an older one behind it closes a little
     * later, and the scan costs only what it closes.
     */
    private void closeOlderThan(long cutoffMillis) {
        Iterator<Map.Entry<EventKey, List<RawRecord>>> it = open.entrySet().iterator();
        List<Map.Entry<EventKey, List<RawRecord>>> closed = null;
        while (it.hasNext()) {
            Map.Entry<EventKey, List<RawRecord>> e = it.next();
            if (e.getKey().timeMillis() >= cutoffMillis) {
                break;
            }
            if (closed == null) {
                closed = new ArrayList<>();
            }
            closed.add(e);
            it.remove();
        }
        if (closed != null) {
            for (Map.Entry<EventKey, List<RawRecord>> e : closed) {
                emit(e.getKey(), e.getValue(), RecordGroup.Completion.TIMEOUT);
            }
        }
    }

    private void emit(EventKey key, List<RawRecord> records, RecordGroup.Completion completion) {
        if (records.isEmpty()) {
            return;
        }
        gaps.computeIfAbsent(key.node() == null ? "" : key.node(), n -> new SerialGaps()).see(key.serial());
        sink.accept(new RecordGroup(key.node(), key.timeMillis(), key.serial(), records, completion));
    }

    /** Events open now. */
    public int openEvents() {
        return open.size();
    }

    /**
     * What a reader that keeps its place between runs saves: the open events' records, in the order they opened, and
     * the log's clock. {@link #reopen} continues from it as this reassembler would.
     */
    public record Open(List<List<RawRecord>> events, long latestMillis, long lastMillis) {
        public Open {
            events = events.stream().map(List::copyOf).toList();
        }
    }

    public Open open() {
        return new Open(new ArrayList<>(open.values()), latestMillis, lastMillis);
    }

    /** A reassembler that goes on from {@code saved} (serial gaps are counted afresh). */
    public static EventReassembler reopen(long windowMillis, int maxOpenEvents, Consumer<RecordGroup> sink, Open saved) {
        EventReassembler r = new EventReassembler(windowMillis, maxOpenEvents, sink);
        for (List<RawRecord> records : saved.events()) {
            RawRecord first = records.get(0);
            r.open.put(new EventKey(first.node(), first.timeMillis(), first.serial()), new ArrayList<>(records));
        }
        r.latestMillis = saved.latestMillis();
        r.lastMillis = saved.lastMillis();
        return r;
    }

    /** Serial gap counters by node ("" for records without node=). */
    public Map<String, SerialGaps> serialGaps() {
        return gaps;
    }

    /** Equality and hash written out: the record's generated ones compile to much more code on this hot path. */
    private record EventKey(String node, long timeMillis, long serial) {
        @Override
        public boolean equals(Object o) {
            return o instanceof EventKey k && serial == k.serial && timeMillis == k.timeMillis
                    && Objects.equals(node, k.node);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Long.hashCode(serial) + Long.hashCode(timeMillis)) + Objects.hashCode(node);
        }
    }
}

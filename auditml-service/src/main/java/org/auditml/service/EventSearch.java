package org.auditml.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.audit.AuditEventView;
import org.auditml.engine.job.TimeValue;
import org.auditml.read.AuditEvent;
import org.auditml.store.AuditStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stored events as the UI looks at them: searched with a filter, sorted by time and paged; counted as
 * Elasticsearch's {@code _count} does; counted per time bucket, split by a field's top values; and one event's
 * original lines. Each event is a flat document of its ECS fields with an {@code id} (time, serial and host: the
 * store's identity of an event).
 */
public final class EventSearch {
    /** More buckets than a chart can show is a wrong interval. */
    static final int MAX_BUCKETS = 20_000;
    static final int MAX_SIZE = 10_000;
    static final String OTHER = "__other__";
    private static final Pattern ID = Pattern.compile("(\\d+)-(\\d+)-(.*)", Pattern.DOTALL);

    private final AuditStore store;

    EventSearch(AuditStore store) {
        this.store = store;
    }

    /** The id of a stored event: {@code <@timestamp ms>-<serial>-<host.name>}. */
    public static String id(AuditStore.StoredEvent e) {
        return e.event().timestampMillis() + "-" + e.serial() + "-" + e.host();
    }

    /** The events the filter selects, by time ({@code descending}: latest first), {@code size} from {@code from}. */
    public ObjectNode search(EventFilter filter, boolean descending, int from, int size) {
        if (from < 0 || size < 0 || size > MAX_SIZE) {
            throw new RequestException("from must be 0 or more and size from 0 to " + MAX_SIZE + "; were [" + from
                    + "] and [" + size + "]");
        }
        ObjectNode out = MlJobs.JSON.createObjectNode();
        ArrayNode events = MlJobs.JSON.createArrayNode();
        if (filter.selectsWholeRange()) {
            out.put("total", store.countEvents(filter.range()));
            if (size > 0) {
                store.scanEvents(filter.range(), descending, from, e -> {
                    events.add(document(e));
                    return events.size() < size;
                });
            }
        } else {
            long[] total = {0};
            store.scanEvents(filter.range(), descending, 0, e -> {
                if (filter.matches(new AuditEventView(e.event()))) {
                    if (total[0] >= from && events.size() < size) {
                        events.add(document(e));
                    }
                    total[0]++;
                }
                return true;
            });
            out.put("total", total[0]);
        }
        out.set("events", events);
        return out;
    }

    /** How many events the filter selects. */
    public long count(EventFilter filter) {
        if (filter.selectsWholeRange()) {
            return store.countEvents(filter.range());
        }
        long[] n = {0};
        store.scanEvents(filter.range(), false, 0, e -> {
            if (filter.matches(new AuditEventView(e.event()))) {
                n[0]++;
            }
            return true;
        });
        return n[0];
    }

    /**
     * The selected events per time bucket of {@code interval} (buckets aligned on the epoch, from the first selected
     * event's to the last's, empty ones included), each split by the values of {@code split} (null: none): the
     * {@code top} values with the most events over the whole range, the rest as {@value #OTHER}. An event without
     * the field is in no split; one with several values is in each. Without queries, and split by nothing or by a
     * field the store keeps as a column (host.name, process.executable, user.name, event.action, …), the store counts.
     */
    public ObjectNode histogram(EventFilter filter, String interval, String split, int top) {
        long intervalMs = intervalMillis(interval);
        if (top < 1) {
            throw new RequestException("top must be 1 or more; was [" + top + "]");
        }
        TreeMap<Long, Long> counts = new TreeMap<>();
        Map<Long, Map<String, Long>> splits = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        Optional<List<AuditStore.TimeCount>> counted = filter.selectsWholeRange()
                ? store.countByTime(filter.range(), intervalMs, null) : Optional.empty();
        Optional<List<AuditStore.TimeCount>> splitCounted = counted.isPresent() && split != null
                ? store.countByTime(filter.range(), intervalMs, split) : Optional.empty();
        if (counted.isPresent() && (split == null || splitCounted.isPresent())) {
            // the store counts the rows itself: no event need be read
            counted.get().forEach(c -> counts.put(c.bucket(), c.count()));
            splitCounted.ifPresent(rows -> rows.forEach(c -> {
                splits.computeIfAbsent(c.bucket(), b -> new HashMap<>()).put(c.value(), c.count());
                totals.merge(c.value(), c.count(), Long::sum);
            }));
        } else {
            store.scanEvents(filter.range(), false, 0, e -> {
                AuditEventView view = new AuditEventView(e.event());
                if (filter.matches(view)) {
                    long bucket = Math.floorDiv(e.event().timestampMillis(), intervalMs) * intervalMs;
                    counts.merge(bucket, 1L, Long::sum);
                    if (split != null) {
                        for (String v : new LinkedHashSet<>(view.values(split))) {
                            splits.computeIfAbsent(bucket, b -> new HashMap<>()).merge(v, 1L, Long::sum);
                            totals.merge(v, 1L, Long::sum);
                        }
                    }
                }
                return true;
            });
        }
        ObjectNode out = MlJobs.JSON.createObjectNode().put("interval_ms", intervalMs);
        ArrayNode buckets = out.putArray("buckets");
        if (counts.isEmpty()) {
            return out;
        }
        long first = counts.firstKey();
        long last = counts.lastKey();
        if ((last - first) / intervalMs + 1 > MAX_BUCKETS) {
            throw new RequestException("[interval] " + interval + " makes " + ((last - first) / intervalMs + 1)
                    + " buckets over these events, more than " + MAX_BUCKETS + "; choose a longer interval");
        }
        Set<String> kept = topValues(totals, top);
        for (long t = first; t <= last; t += intervalMs) {
            ObjectNode b = buckets.addObject().put("timestamp", t).put("count", counts.getOrDefault(t, 0L));
            if (split != null) {
                ObjectNode s = b.putObject("split");
                long other = 0;
                for (Map.Entry<String, Long> v : splits.getOrDefault(t, Map.of()).entrySet()) {
                    if (kept.contains(v.getKey())) {
                        s.put(v.getKey(), v.getValue());
                    } else {
                        other += v.getValue();
                    }
                }
                if (other > 0) {
                    s.put(OTHER, other);
                }
            }
        }
        return out;
    }

    /** The lines (raw records) or the JSON line an event was read from; not found for an id the store lacks. */
    public ObjectNode original(String id) {
        Matcher m = ID.matcher(id);
        String text = m.matches() ? parse(m).orElse(null) : null;
        if (text == null) {
            throw RequestException.notFound("no event [" + id + "] in the store; an event's id is "
                    + "<@timestamp ms>-<serial>-<host.name>, as /api/events gives it");
        }
        ObjectNode out = MlJobs.JSON.createObjectNode().put("id", id);
        ArrayNode lines = out.putArray("lines");
        text.lines().forEach(lines::add);
        return out;
    }

    private Optional<String> parse(Matcher m) {
        try {
            return store.original(m.group(3), Long.parseLong(m.group(2)), Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static long intervalMillis(String interval) {
        long ms;
        try {
            ms = TimeValue.parseDuration(interval == null ? "" : interval).toMillis();
        } catch (IllegalArgumentException e) {
            throw new RequestException("[interval] " + e.getMessage());
        }
        if (ms < 1) {
            throw new RequestException("[interval] must be at least 1ms; was '" + interval + "'");
        }
        return ms;
    }

    private static Set<String> topValues(Map<String, Long> totals, int top) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        Set<String> kept = new LinkedHashSet<>();
        sorted.stream().limit(top).forEach(e -> kept.add(e.getKey()));
        return kept;
    }

    /** An event as a flat document: its id, {@code @timestamp} in epoch ms, then its ECS fields by dotted name. */
    static ObjectNode document(AuditStore.StoredEvent e) {
        AuditEvent event = e.event();
        ObjectNode doc = MlJobs.JSON.createObjectNode().put("id", id(e)).put(AuditEvent.TIMESTAMP, event.timestampMillis());
        new TreeMap<>(event.fields()).forEach((name, value) -> {
            if (!name.equals(AuditEvent.TIMESTAMP)) {
                doc.set(name, MlJobs.JSON.valueToTree(value));
            }
        });
        return doc;
    }
}

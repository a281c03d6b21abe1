package org.auditml.server;

import io.javalin.http.Context;
import org.auditml.service.EventFilter;
import org.auditml.service.RequestException;

/**
 * The stored events: search, {@code _count}, {@code _histogram} and an event's original. The filter is the same for
 * each: {@code query} (a datafeed query, JSON), {@code q} (query_string text with field names), {@code start} and
 * {@code end} (epoch ms or ISO-8601; end exclusive) and {@code host}.
 */
final class EventRoutes {
    private EventRoutes() {
    }

    static void add(Routes r) {
        r.get("/api/events", "Events the filter selects, by @timestamp, paged with from and size", (ctx, s) -> {
            Params p = Params.query(ctx);
            String sort = p.text("sort");
            if (sort != null && !sort.equals("@timestamp")) {
                throw new RequestException("[sort] events sort by @timestamp only; was '" + sort + "'");
            }
            return s.events().search(filter(ctx), p.bool("desc", true), p.integer("from", 0), p.integer("size", 50));
        });
        r.get("/api/events/_count", "How many events the filter selects, as Elasticsearch's _count answers",
                (ctx, s) -> Json.object().put("count", s.events().count(filter(ctx))));
        r.get("/api/events/_histogram", "Events per interval, split by a field's top values and __other__",
                (ctx, s) -> {
                    Params p = Params.query(ctx);
                    String split = p.text("split");
                    return s.events().histogram(filter(ctx), p.text("interval") == null ? "1h" : p.text("interval"),
                            split == null || split.isEmpty() ? null : split, p.integer("top", 10));
                });
        r.get("/api/events/{event_id}/original", "The raw lines or the JSON line an event was read from",
                (ctx, s) -> s.events().original(ctx.pathParam("event_id")));
    }

    private static EventFilter filter(Context ctx) {
        Params p = Params.query(ctx);
        return EventFilter.of(p.text("query"), p.text("q"), p.time("start"), p.time("end"), p.text("host"));
    }
}

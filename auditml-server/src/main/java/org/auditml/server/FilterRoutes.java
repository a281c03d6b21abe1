package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.auditml.engine.job.RuleParser;
import org.auditml.engine.rule.Filter;
import org.auditml.service.RequestException;

import java.util.ArrayList;
import java.util.List;

/** {@code _ml/filters}: the lists of values custom rules refer to. */
final class FilterRoutes {
    private static final String FILTERS = "/_ml/filters";
    private static final String FILTER = FILTERS + "/{filter_id}";

    private FilterRoutes() {
    }

    static void add(Routes r) {
        r.get(FILTERS, "Every filter", (ctx, s) -> page(ctx, s.filters()));
        r.put(FILTER, "Makes a filter", (ctx, s) -> s.putFilter(RuleParser.filter(ctx.body(), id(ctx))));
        r.get(FILTER, "A filter", (ctx, s) -> {
            Filter filter = s.filter(id(ctx)).orElseThrow(() -> new RequestException(RequestException.Kind.NOT_FOUND,
                    "No filter with id [" + id(ctx) + "] exists"));
            return Json.object().put("count", 1).set("filters", Json.pojos(List.of(filter)));
        });
        r.post(FILTER + "/_update", "Changes a filter's description and items", (ctx, s) -> {
            JsonNode body = RuleParser.read(ctx.body(), "filter update");
            return s.updateFilter(id(ctx), body.has("description") ? body.get("description").asText() : null,
                    texts(body.get("add_items")), texts(body.get("remove_items")));
        });
        r.delete(FILTER, "Deletes a filter no job uses", (ctx, s) -> {
            s.deleteFilter(id(ctx));
            return Acknowledged.TRUE;
        });
    }

    private static Object page(Context ctx, List<Filter> filters) {
        Params p = Params.query(ctx);
        int from = p.integer("from", 0);
        int size = p.integer("size", 100);
        List<Filter> shown = filters.subList(Math.min(from, filters.size()), Math.min(filters.size(), from + size));
        return Json.object().put("count", filters.size()).set("filters", Json.pojos(shown));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String id(Context ctx) {
        return ctx.pathParam("filter_id");
    }
}

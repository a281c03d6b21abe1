package org.auditml.server;

import io.javalin.http.Context;
import org.auditml.service.RequestException;

/** {@code /api/processes/lineage}: who started a process and what it started, from the stored events. */
final class LineageRoutes {
    private LineageRoutes() {
    }

    static void add(Routes r) {
        r.get("/api/processes/lineage", "A process's ancestors (parent first) and children, by host, pid and time",
                (ctx, s) -> {
                    Params p = Params.query(ctx);
                    return s.processLineage().of(p.text("host"), pid(ctx), p.time("time"));
                });
    }

    private static Long pid(Context ctx) {
        String v = ctx.queryParam("pid");
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new RequestException("Failed to parse long parameter [pid] with value [" + v + "]");
        }
    }
}

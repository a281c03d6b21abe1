package org.auditml.server;

import io.javalin.http.Context;

/** {@code _ml/datafeeds}: datafeeds, starting and stopping them, and what they select. */
final class DatafeedRoutes {
    private static final String DATAFEEDS = "/_ml/datafeeds";
    private static final String DATAFEED = DATAFEEDS + "/{datafeed_id}";
    private static final int PREVIEW_SIZE = 100;

    private DatafeedRoutes() {
    }

    static void add(Routes r) {
        r.get(DATAFEEDS + "/_stats", "Usage statistics of every datafeed",
                (ctx, s) -> JobRoutes.list(s.mlDatafeeds().stats(null, allowNoMatch(ctx)), "datafeeds"));
        r.get(DATAFEEDS, "Every datafeed's config",
                (ctx, s) -> JobRoutes.list(s.mlDatafeeds().get(null, allowNoMatch(ctx)), "datafeeds"));
        r.put(DATAFEED, "Makes a datafeed", (ctx, s) -> s.mlDatafeeds().put(id(ctx), ctx.body()));
        r.get(DATAFEED, "Datafeeds by id or wildcard",
                (ctx, s) -> JobRoutes.list(s.mlDatafeeds().get(id(ctx), allowNoMatch(ctx)), "datafeeds"));
        r.delete(DATAFEED, "Deletes a datafeed", (ctx, s) -> {
            s.mlDatafeeds().delete(id(ctx), Params.query(ctx).bool("force", false));
            return Acknowledged.TRUE;
        });
        r.post(DATAFEED + "/_update", "Changes a stopped datafeed", (ctx, s) -> s.mlDatafeeds().update(id(ctx), ctx.body()));
        r.post(DATAFEED + "/_start", "Runs a datafeed's job over the stored events from start to end (none: on in real time)",
                (ctx, s) -> {
                    Params p = Params.queryAndBody(ctx);
                    s.mlDatafeeds().start(id(ctx), p.instant("start"), p.instant("end"));
                    return Json.object().put("started", true).put("node", "");
                });
        r.post(DATAFEED + "/_stop", "Stops datafeeds", (ctx, s) -> {
            s.mlDatafeeds().stop(id(ctx), Params.queryAndBody(ctx).bool("allow_no_match", true));
            return Json.object().put("stopped", true);
        });
        r.get(DATAFEED + "/_stats", "Usage statistics of datafeeds",
                (ctx, s) -> JobRoutes.list(s.mlDatafeeds().stats(id(ctx), allowNoMatch(ctx)), "datafeeds"));
        r.getOrPost(DATAFEED + "/_preview", "The first events a datafeed selects, with its job's fields",
                (ctx, s) -> s.mlDatafeeds().preview(id(ctx), PREVIEW_SIZE));
    }

    private static String id(Context ctx) {
        return ctx.pathParam("datafeed_id");
    }

    private static boolean allowNoMatch(Context ctx) {
        Params p = Params.query(ctx);
        return p.bool("allow_no_match", p.bool("allow_no_datafeeds", true));
    }
}

package org.auditml.server;

/** The modules, which of them the stored events match, and setting one up (Kibana's module setup). */
final class ModuleSetupRoutes {
    private ModuleSetupRoutes() {
    }

    static void add(Routes r) {
        r.get("/api/modules", "The modules and their jobs", (ctx, s) -> s.moduleSetup().list());
        r.get("/api/modules/_recognize", "The modules the stored events match, with what their queries cannot match",
                (ctx, s) -> s.moduleSetup().recognise());
        r.post("/api/modules/{module_id}/_setup", "Saves and opens a module's jobs with a prefix; with start_datafeed, "
                + "runs their datafeeds over [start, end) of the stored events", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            return s.moduleSetup().setUp(ctx.pathParam("module_id"), p.text("prefix"), p.instant("start"),
                    p.instant("end"), p.bool("start_datafeed", true));
        });
    }
}

package org.auditml.server;

import io.javalin.http.Context;

/** {@code _ml/anomaly_detectors/<job>/model_snapshots}. */
final class SnapshotRoutes {
    private static final String SNAPSHOTS = "/_ml/anomaly_detectors/{job_id}/model_snapshots";
    private static final String SNAPSHOT = SNAPSHOTS + "/{snapshot_id}";

    private SnapshotRoutes() {
    }

    static void add(Routes r) {
        r.getOrPost(SNAPSHOTS, "A job's model snapshots", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            return s.mlSnapshots().get(JobRoutes.id(ctx), null, p.time("start"), p.time("end"));
        });
        r.getOrPost(SNAPSHOT, "A model snapshot", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            return s.mlSnapshots().get(JobRoutes.id(ctx), id(ctx), p.time("start"), p.time("end"));
        });
        r.post(SNAPSHOT + "/_update", "Describes or retains a snapshot",
                (ctx, s) -> s.mlSnapshots().update(JobRoutes.id(ctx), id(ctx), ctx.body()));
        r.post(SNAPSHOT + "/_revert", "Reverts a closed job to a snapshot", (ctx, s) -> s.mlSnapshots()
                .revert(JobRoutes.id(ctx), id(ctx), Params.queryAndBody(ctx).bool("delete_intervening_results", false)));
        r.delete(SNAPSHOT, "Deletes a snapshot (refused for the active one)", (ctx, s) -> {
            s.mlSnapshots().delete(JobRoutes.id(ctx), id(ctx));
            return Acknowledged.TRUE;
        });
    }

    private static String id(Context ctx) {
        return ctx.pathParam("snapshot_id");
    }
}

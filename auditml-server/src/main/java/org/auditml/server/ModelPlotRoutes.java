package org.auditml.server;

/**
 * auditml's own read of a job's {@code model_plot} results (Elastic has no results endpoint for them: Kibana reads
 * its results index), for the UI's model-bounds chart: one series's bands over a time range.
 */
final class ModelPlotRoutes {
    private ModelPlotRoutes() {
    }

    static void add(Routes r) {
        r.get("/api/anomaly_detectors/{job_id}/model_plot",
                "auditml's: a job's model_plot results (model bounds, median, actual) over [start,end), for one detector "
                        + "and the partition, by and over values given", (ctx, s) -> {
                    Params p = Params.query(ctx);
                    return s.mlResults().modelPlots(JobRoutes.id(ctx), p.time("start"), p.time("end"),
                            p.integer("detector_index", 0), p.text("partition_field_value"), p.text("by_field_value"),
                            p.text("over_field_value"));
                });
    }
}

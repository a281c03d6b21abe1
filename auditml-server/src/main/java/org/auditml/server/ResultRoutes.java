package org.auditml.server;

import io.javalin.http.Context;
import org.auditml.engine.job.TimeValue;
import org.auditml.service.AuditmlService;
import org.auditml.service.ResultPage;

/** {@code _ml/anomaly_detectors/<job>/results}: buckets, records, influencers, overall buckets. */
final class ResultRoutes {
    private static final String RESULTS = "/_ml/anomaly_detectors/{job_id}/results";
    private static final int DEFAULT_SIZE = 100;

    private ResultRoutes() {
    }

    static void add(Routes r) {
        r.getOrPost(RESULTS + "/buckets", "Buckets", (ctx, s) -> buckets(ctx, s, null));
        r.getOrPost(RESULTS + "/buckets/{timestamp}", "One bucket",
                (ctx, s) -> buckets(ctx, s, Params.epochMillis(ctx.pathParam("timestamp"), "timestamp")));
        r.getOrPost(RESULTS + "/records", "Anomaly records", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            return s.mlResults().records(JobRoutes.id(ctx), page(p, "record_score", "record_score", true));
        });
        r.getOrPost(RESULTS + "/influencers", "Influencers", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            return s.mlResults().influencers(JobRoutes.id(ctx), page(p, "influencer_score", "influencer_score", true));
        });
        r.getOrPost(RESULTS + "/overall_buckets", "Overall buckets across the jobs named", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            String span = p.text("bucket_span");
            return s.mlResults().overallBuckets(JobRoutes.id(ctx), p.bool("allow_no_match", true), p.integer("top_n", 1),
                    span == null ? null : seconds(span), p.number("overall_score", 0), p.bool("exclude_interim", false),
                    p.time("start"), p.time("end"));
        });
    }

    private static Object buckets(Context ctx, AuditmlService s, Long timestamp) {
        Params p = Params.queryAndBody(ctx);
        return s.mlResults().buckets(JobRoutes.id(ctx), timestamp, p.bool("expand", false),
                page(p, "anomaly_score", "timestamp", false));
    }

    private static ResultPage page(Params p, String scoreParameter, String defaultSort, boolean defaultDesc) {
        return new ResultPage(p.time("start"), p.time("end"), p.number(scoreParameter, 0),
                p.bool("exclude_interim", false), p.text("sort") == null ? defaultSort : p.text("sort"),
                p.bool("desc", defaultDesc), p.integer("from", 0), p.integer("size", DEFAULT_SIZE));
    }

    private static long seconds(String span) {
        return TimeValue.parseDuration(span).toSeconds();
    }
}

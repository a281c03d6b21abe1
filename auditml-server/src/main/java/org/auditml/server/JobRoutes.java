package org.auditml.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.auditml.service.MlJobs;

import java.io.InputStream;
import java.util.List;

/** {@code _ml/anomaly_detectors}: jobs, their state, stats, and events posted to them. */
final class JobRoutes {
    private static final String JOBS = "/_ml/anomaly_detectors";
    private static final String JOB = JOBS + "/{job_id}";

    private JobRoutes() {
    }

    static void add(Routes r) {
        r.get(JOBS + "/_stats", "Usage statistics of every job", (ctx, s) -> stats(s.mlJobs(), null, ctx));
        r.post(JOBS + "/_validate", "Checks a job config", (ctx, s) -> {
            s.mlJobs().validate(ctx.body());
            return Acknowledged.TRUE;
        });
        r.post(JOBS + "/_validate/detector", "Checks a detector config", (ctx, s) -> {
            s.mlJobs().validateDetector(ctx.body());
            return Acknowledged.TRUE;
        });
        r.get(JOBS, "Every job's config", (ctx, s) -> list(s.mlJobs().get(null, allowNoMatch(ctx)), "jobs"));
        r.put(JOB, "Makes a job", (ctx, s) -> s.mlJobs().put(id(ctx), ctx.body()));
        r.get(JOB, "Jobs by id, group or wildcard", (ctx, s) -> list(s.mlJobs().get(id(ctx), allowNoMatch(ctx)), "jobs"));
        r.delete(JOB, "Deletes a job with its results", (ctx, s) -> {
            s.mlJobs().delete(id(ctx), Params.query(ctx).bool("force", false), s.mlDatafeeds());
            return Acknowledged.TRUE;
        });
        r.post(JOB + "/_update", "Changes a job", (ctx, s) -> s.mlJobs().update(id(ctx), ctx.body()));
        r.post(JOB + "/_open", "Opens a job", (ctx, s) -> {
            s.mlJobs().open(id(ctx));
            return Json.object().put("opened", true).put("node", "");
        });
        r.post(JOB + "/_close", "Closes jobs", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            s.mlJobs().close(id(ctx), p.bool("force", false), p.bool("allow_no_match", true), s.mlDatafeeds());
            return Json.object().put("closed", true);
        });
        r.post(JOB + "/_reset", "Deletes a closed job's results and model", (ctx, s) -> {
            s.mlJobs().reset(id(ctx));
            return Acknowledged.TRUE;
        });
        r.get(JOB + "/_stats", "Usage statistics of jobs", (ctx, s) -> stats(s.mlJobs(), id(ctx), ctx));
        r.post(JOB + "/_flush", "Flushes a job", (ctx, s) -> s.mlJobs().flush(id(ctx)));
        r.post(JOB + "/_data", "Posts events (Auditbeat JSON or raw audit lines) to an open job", (ctx, s) -> {
            try (InputStream body = ctx.bodyInputStream()) {
                return s.mlJobs().postData(id(ctx), body);
            }
        });
    }

    private static Object stats(MlJobs jobs, String expression, Context ctx) {
        return list(jobs.stats(expression, allowNoMatch(ctx)), "jobs");
    }

    static String id(Context ctx) {
        return ctx.pathParam("job_id");
    }

    static boolean allowNoMatch(Context ctx) {
        Params p = Params.query(ctx);
        return p.bool("allow_no_match", p.bool("allow_no_jobs", true));
    }

    static ObjectNode list(List<ObjectNode> docs, String name) {
        ObjectNode out = Json.object().put("count", docs.size());
        ArrayNode array = out.putArray(name);
        docs.forEach(array::add);
        return out;
    }
}

package org.auditml.server;

/**
 * Uploads: the body (a raw audit log, gzipped or not, or Auditbeat NDJSON) ingested as {@code analyze} ingests a
 * file, in the background; its progress. Neither takes the service's lock here: the ingest takes it on its own
 * thread while it runs, and its progress is polled meanwhile.
 */
final class IngestRoutes {
    private IngestRoutes() {
    }

    static void add(Routes r) {
        r.postWithoutLock("/api/ingest", "Ingests the body in the background (202, with the ingest's id)", (ctx, s) -> {
            String id = s.ingests().start(ctx.queryParam("name"), ctx.bodyInputStream());
            ctx.status(202);
            return Json.object().put("id", id);
        });
        r.getWithoutLock("/api/ingest/{ingest_id}", "An ingest's progress, and what it read and stored",
                (ctx, s) -> s.ingests().status(ctx.pathParam("ingest_id")));
    }
}

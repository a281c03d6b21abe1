package org.auditml.server;

import org.auditml.service.AuditmlService;

/** {@code GET /api/health} (200 once the store is open) and {@code GET /api/hosts} (per-host data health). */
final class HealthRoutes {
    private HealthRoutes() {
    }

    static void add(Routes r) {
        r.get("/api/health", "auditml's version, its store and how many events it holds", (ctx, s) -> Json.object()
                .put("status", "ok").put("version", AuditmlService.VERSION).put("store", s.storeFile().toString())
                .put("events", s.eventCount()));
        r.get("/api/hosts", "Per host, problems first: events, first and last, serial gaps, kernel lost and backlog limit, "
                + "rejected events, malformed lines, silent since",
                (ctx, s) -> s.hostHealth().hosts());
    }
}

package org.auditml.server;

/** {@code GET /api/alerts}: the anomalies sent to the alerts file's sinks, and those pending. */
final class AlertRoutes {
    /** The most alerts one call lists. */
    private static final int MAX_SIZE = 10_000;

    private AlertRoutes() {
    }

    static void add(Routes r) {
        r.get("/api/alerts", "Alerts, newest first (size, default 100): sink, state (pending, sent, failed), attempts, "
                + "last error; and how many are in each state", (ctx, s) -> {
                    int size = Params.query(ctx).integer("size", 100);
                    if (size < 0 || size > MAX_SIZE) {
                        throw new org.auditml.service.RequestException("size must be from 0 to " + MAX_SIZE + ", not " + size);
                    }
                    return s.alerts().list(size);
                });
    }
}

package org.auditml.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.auditml.service.follow.FollowedFile;

/** {@code GET /api/follow}: the logs {@code serve --follow} follows, how far each is stored and how far behind. */
final class FollowRoutes {
    private FollowRoutes() {
    }

    static void add(Routes r) {
        // the follower's figures are its own snapshots: read without waiting for the service
        r.getWithoutLock("/api/follow", "Per followed log: the file read now, the offset stored, its size, the lag "
                + "in bytes, events stored, malformed lines, and what the follower is doing", (ctx, s) -> {
                    ArrayNode files = Json.array();
                    for (FollowedFile f : s.followedFiles()) {
                        files.addObject().put("path", f.path()).put("file", f.file()).put("offset", f.offset())
                                .put("size", f.size()).put("lag_bytes", Math.max(0, f.size() - f.offset()))
                                .put("events", f.events()).put("malformed_lines", f.malformedLines())
                                .put("state", f.state());
                    }
                    return Json.object().set("files", files);
                });
    }
}

package org.auditml.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET _ml/info}: the defaults jobs and datafeeds get, and the limits. */
final class InfoRoutes {
    private InfoRoutes() {
    }

    static void add(Routes r) {
        r.get("/_ml/info", "Defaults and limits", (ctx, s) -> {
            ObjectNode info = Json.object();
            ObjectNode defaults = info.putObject("defaults");
            defaults.putObject("anomaly_detectors").put("model_memory_limit", "1gb")
                    .put("categorization_examples_limit", 4).put("model_snapshot_retention_days", 10)
                    .put("daily_model_snapshot_retention_after_days", 1);
            defaults.putObject("datafeeds").put("scroll_size", 1000);
            info.put("upgrade_mode", false);
            info.putObject("native_code").put("version", "auditml 0.1.0").put("build_hash", "");
            info.putObject("limits").put("effective_max_model_memory_limit", "1gb").put("total_ml_memory", "1gb");
            return info;
        });
    }
}

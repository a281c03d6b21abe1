package org.auditml.flink;

import org.auditml.testkit.DemoFleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo fleet's raw log (five hosts under {@code node=} in one file) and what {@code analyze} makes of it on one
 * machine (the host process module), written and analysed once for every test of the run.
 */
final class AnalyzedRawFleet {
    private static AnalyzedRawFleet instance;

    final Path rawLog;
    /** The Docker host's containers, as Auditbeat JSON. */
    final Path containerLog;
    /** Per job, its result documents as the store keeps them. */
    final Map<String, List<String>> analyzed;

    private AnalyzedRawFleet(DemoFleet.Written fleet, Map<String, List<String>> analyzed) {
        this.rawLog = fleet.rawLog();
        this.containerLog = fleet.containerLog();
        this.analyzed = analyzed;
    }

    static synchronized AnalyzedRawFleet get() throws Exception {
        if (instance == null) {
            Path dir = Files.createTempDirectory("auditml-flink-raw-fleet");
            dir.toFile().deleteOnExit();
            DemoFleet.Written fleet = DemoFleet.write(dir, 2026);
            instance = new AnalyzedRawFleet(fleet, AnalyzedFleet.analyze(List.of(fleet.rawLog()),
                    dir.resolve("store.duckdb")));
        }
        return instance;
    }
}

package org.auditml.flink;

import org.auditml.service.AnalysisReport;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.service.ResultDocuments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo fleet as Auditbeat JSON and what {@code analyze} makes of it on one machine (the host process module),
 * written and analysed once for every test of the run.
 */
final class AnalyzedFleet {
    static final String MODULE = "auditbeat_process_hosts_ecs";
    private static AnalyzedFleet instance;

    final AuditbeatFleet.Written fleet;
    /** Per job, its result documents as the store keeps them. */
    final Map<String, List<String>> analyzed;

    private AnalyzedFleet(AuditbeatFleet.Written fleet, Map<String, List<String>> analyzed) {
        this.fleet = fleet;
        this.analyzed = analyzed;
    }

    static synchronized AnalyzedFleet get() throws Exception {
        if (instance == null) {
            Path dir = Files.createTempDirectory("auditml-flink-fleet");
            dir.toFile().deleteOnExit();
            AuditbeatFleet.Written fleet = AuditbeatFleet.write(dir, 2026);
            instance = new AnalyzedFleet(fleet, analyze(List.of(fleet.file()), dir.resolve("store.duckdb")));
        }
        return instance;
    }

    /**
     * Per job, the result documents of {@code analyze} of {@code files} with the module, as the store keeps them;
     * raw records without {@code node=} are host {@code demo-host}'s.
     */
    static Map<String, List<String>> analyze(List<Path> files, Path store) throws Exception {
        return analyze(files, store, MODULE);
    }

    /** The same with another module. */
    static Map<String, List<String>> analyze(List<Path> files, Path store, String module) throws Exception {
        try (AuditmlService service = AuditmlService.open(store)) {
            AnalysisReport report = service.analyze(new AnalysisRequest(files, List.of(module), List.of(), "", null,
                    null, "demo-host"), IngestListener.NONE);
            List<String> docs = new ArrayList<>();
            report.results().forEach(r -> r.documents().forEach(d -> docs.add(ResultDocuments.json(d))));
            return ResultLines.byJob(docs);
        }
    }
}

package org.auditml.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.audit.AuditEventView;
import org.auditml.audit.AuditModules;
import org.auditml.audit.LinuxRarityContext;
import org.auditml.engine.module.Module;
import org.auditml.engine.series.JobSeries;
import org.auditml.flink.event.RouteToJobs;
import org.auditml.read.beat.BeatEventParser;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not a test: the README's state figures. Per job of the host process module, the size of each key's series as a
 * checkpoint holds them (the engine's snapshot JSON), over an Auditbeat JSON file. Argument: the file.
 */
public final class SeriesStateSize {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        BeatEventParser parser = new BeatEventParser();
        for (Module.SetUpJob s : AuditModules.byId(AnalyzedFleet.MODULE, true).orElseThrow().setUp("")) {
            String field = RouteToJobs.partitionField(s.job());
            Map<String, JobSeries> byKey = new TreeMap<>();
            try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    AuditEventView e = new AuditEventView(parser.parse(line));
                    if (s.datafeed().matches(e)) {
                        String key = field == null ? "" : String.valueOf(e.field(field));
                        byKey.computeIfAbsent(key, k -> new JobSeries(s.job(), new LinuxRarityContext(), b -> { }, () -> 0))
                                .accept(e);
                    }
                }
            }
            long total = 0;
            long max = 0;
            for (JobSeries series : byKey.values()) {
                long bytes = json.writeValueAsBytes(series.toState(Map.of())).length;
                total += bytes;
                max = Math.max(max, bytes);
            }
            System.out.printf("%s: %d keys, %d KB in all, %d bytes a key on average, %d at most%n", s.job().jobId(),
                    byKey.size(), total >> 10, total / Math.max(1, byKey.size()), max);
        }
    }
}

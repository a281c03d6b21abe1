package org.auditml.flink;

import org.auditml.flink.raw.RawReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import java.util.ArrayList;
import java.util.List;


/**
 * {@code flink-local} without a Kafka address: a broker of the run's own, in process, and the results of analyze, of
 * Auditbeat JSON and of a gzipped raw log.
 */
class InProcessKafkaTest {
    @Test
    void aRunThroughABrokerOfItsOwn_givesTheResultsOfAnalyze() throws Exception {
        AnalyzedFleet fleet = AnalyzedFleet.get();
        List<String> docs = new ArrayList<>();

        new FlinkLocalRun(List.of(fleet.fleet.file()), new JobSet(AnalyzedFleet.MODULE, ""), 2,
                FlinkLocalRun.IN_PROCESS).run(docs::add);

        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), fleet.analyzed);
    }

    /** A rotated, gzipped raw log: its lines go to the topic decompressed and through the raw stage. */
    @Test
    void aGzippedRawLog_givesTheResultsOfAnalyzeOfTheLog(@TempDir Path dir) throws Exception {
        AnalyzedRawFleet raw = AnalyzedRawFleet.get();
        Path gz = dir.resolve("audit.log.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(raw.rawLog, out);
        }
        List<String> docs = new ArrayList<>();

        new FlinkLocalRun(List.of(gz), new JobSet(AnalyzedFleet.MODULE, ""), 2, FlinkLocalRun.IN_PROCESS,
                RawReading.withHost("demo-host")).run(docs::add);

        FlinkParityTest.assertSameResults(ResultLines.byJob(docs), raw.analyzed);
    }
}

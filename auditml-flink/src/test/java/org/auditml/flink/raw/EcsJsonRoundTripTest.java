package org.auditml.flink.raw;

import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.read.beat.BeatEventParser;
import org.auditml.read.ecs.EcsJsonWriter;
import org.auditml.testkit.Corpus;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the raw stage hands on: every event of a raw log, written as Auditbeat JSON by {@link EcsJsonWriter}, reads
 * back through {@link BeatEventParser} (as the rest of the job reads it) to an equal event, time and every field.
 */
class EcsJsonRoundTripTest {

    @Test
    void everyRawEventOfTheCorpusReadsBackTheSame() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(Corpus.root())) {
            logs = files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).sorted().toList();
        }
        int events = 0;
        for (Path log : logs) {
            events += assertRoundTrip(log);
        }
        assertThat(events).as("raw events of %d corpus logs", logs.size()).isGreaterThan(10_000);
    }

    @Test
    void everyEventOfTheDemoFleetsRawLogReadsBackTheSame(@TempDir Path dir) throws IOException {
        assertThat(assertRoundTrip(DemoFleet.write(dir, 2026).rawLog())).isGreaterThan(20_000);
    }

    private static int assertRoundTrip(Path log) {
        List<AuditEvent> read = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("corpus-host")).read(List.of(log), read::add);
        BeatEventParser parser = new BeatEventParser();
        int raw = 0;
        for (AuditEvent event : read) {
            if (event.original() != null && event.original().startsWith("{")) {
                continue; // an Auditbeat line: the stage hands it on as it is
            }
            assertThat(parser.parse(EcsJsonWriter.toJson(event))).as("%s: %s", log, event.original()).isEqualTo(event);
            raw++;
        }
        return raw;
    }
}

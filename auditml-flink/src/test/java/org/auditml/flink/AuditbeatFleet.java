package org.auditml.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.DemoFleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo fleet as Auditbeat would ship it: every host's events (the raw log's, read and normalised by
 * auditml-read, and the Docker host's) as Auditbeat JSON lines in time order, the input of both a Flink run and
 * the one-machine analysis.
 */
final class AuditbeatFleet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditbeatFleet() {
    }

    /** Writes the fleet of {@code seed} to {@code dir/fleet.ndjson}; returns the file and how many lines it has. */
    static Written write(Path dir, long seed) throws IOException {
        DemoFleet.Written w = DemoFleet.write(dir, seed);
        return convert(List.of(w.rawLog(), w.containerLog()), dir.resolve("fleet.ndjson"));
    }

    /** The events of audit logs (raw or Auditbeat), read by auditml-read, as Auditbeat JSON lines in time order. */
    static Written convert(List<Path> logs, Path file) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("demo-host")).read(logs, events::add);
        events.sort(Comparator.comparingLong(AuditEvent::timestampMillis));
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (AuditEvent e : events) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put(AuditEvent.TIMESTAMP, e.timestamp().toString());
                doc.putAll(e.fields());
                out.write(JSON.writeValueAsString(doc));
                out.write('\n');
            }
        }
        return new Written(file, events.size());
    }

    record Written(Path file, int events) {
    }
}

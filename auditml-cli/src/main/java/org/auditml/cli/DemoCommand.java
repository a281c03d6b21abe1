package org.auditml.cli;

import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReadReport;
import org.auditml.read.ReaderOptions;
import org.auditml.read.ecs.EcsJsonWriter;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditml demo}: with no data of one's own, reads the bundled sample fleet log and shows what the reader makes
 * of it. (Until the analysis exists, the demo is the parse; later it analyses and serves.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Reads the bundled sample fleet log and shows the normalised events and their statistics.")
final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE = "/samples/fleet-sample.log";

    @Override
    public Integer call() throws IOException {
        AuditReader reader = new AuditReader(ReaderOptions.defaults("demo-host"));
        ReadReport report = new ReadReport();
        List<AuditEvent> events = new ArrayList<>();
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                System.err.println("error: the bundled sample " + SAMPLE + " is missing from the jar");
                return 2;
            }
            reader.read("fleet-sample.log", in, events::add, report);
        }
        System.out.println("auditml demo: the bundled sample, a fleet of hosts writing to one audit log");
        System.out.println();
        System.out.println("Three of the normalised events, in Auditbeat's shape:");
        events.stream().filter(e -> "executed".equals(e.getString("event.action"))).limit(2)
                .forEach(e -> System.out.println(EcsJsonWriter.toJson(e)));
        events.stream().filter(e -> "logged-in".equals(e.getString("event.action"))).limit(1)
                .forEach(e -> System.out.println(EcsJsonWriter.toJson(e)));
        System.out.println();
        System.out.println("Programs started that ran only once in the sample:");
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        events.stream().filter(e -> "executed".equals(e.getString("event.action")))
                .forEach(e -> counts.merge(e.getString("host.name") + "  " + e.getString("process.executable"), 1L, Long::sum));
        counts.forEach((k, v) -> {
            if (v == 1) {
                System.out.println("  " + k);
            }
        });
        System.out.println();
        ParseCommand.printProblems(report, System.out);
        ParseCommand.printStats(report, System.out);
        System.out.println();
        System.out.println("Next: bin/auditml parse /var/log/audit/audit.log --stats -o events.ndjson");
        return 0;
    }
}

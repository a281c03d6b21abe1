package org.auditml.beats;

import org.auditml.service.AuditmlService;
import org.auditml.testkit.LumberjackClient;
import org.auditml.testkit.DemoFleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Events per second from one Beat: the Auditbeat events of fifteen demo fleets sent in compressed windows of 2048 (Auditbeat's
 * bulk_max_size), each waited for, into a fresh store. Run by hand: {@code java ... org.auditml.beats.BeatsBench DIR}.
 */
public final class BeatsBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/beats-bench");
        List<String> events = new ArrayList<>();
        for (long seed = 1; seed <= 15; seed++) {
            // fleets of other seeds: other serials, so other events
            Files.readAllLines(DemoFleet.write(dir.resolve("fleet-" + seed), seed).containerLog()).stream()
                    .filter(l -> l.startsWith("{")).forEach(events::add);
        }
        Files.deleteIfExists(dir.resolve("store.db"));
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.db"));
             BeatsServer server = BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, System.err::println);
             LumberjackClient client = new LumberjackClient(server.port())) {
            long t0 = System.nanoTime();
            for (int from = 0; from < events.size(); from += 2048) {
                client.sendWindow(events.subList(from, Math.min(events.size(), from + 2048)), true);
                client.awaitAck();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d events in %.1f s: %.0f events/s from one client; %d stored%n", events.size(),
                    seconds, events.size() / seconds, service.eventCount());
        }
    }
}

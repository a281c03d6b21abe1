package org.auditml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.testkit.AuditbeatEvents;
import org.auditml.testkit.LumberjackClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Beats port's at-least-once without duplicates under a crash: four Beats stream 100,000 events into
 * {@code serve --beats-port}; the server is killed (SIGKILL) mid-stream and started again; each Beat sends again
 * every window not wholly acknowledged; then the store holds each of the 100,000 events exactly once.
 */
class BeatsKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BEATS = 4;
    private static final int EVENTS_PER_BEAT = 25_000;
    private static final int WINDOW = 1000;

    @Test
    void killedMidStream_andRestarted_theBeatsResendWhatWasNotAcknowledged_andEachEventIsStoredOnce(@TempDir Path dir)
            throws Exception {
        List<String> templates = AuditbeatEvents.distinct(dir.resolve("fleet"), 100);
        Path db = dir.resolve("db.duckdb");
        int port = freePort();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long ackedAtKill;
        try (ServeProcess first = ServeProcess.start(db, dir.resolve("first.err"), port)) {
            List<Thread> beats = new ArrayList<>();
            for (int b = 1; b <= BEATS; b++) {
                List<String> events = events("beat-" + b, templates);
                Thread beat = new Thread(() -> {
                    try {
                        stream(port, events, acknowledged, sent);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "beat-" + b);
                beat.start();
                beats.add(beat);
            }
            while (acknowledged.get() < 30_000 && failures.isEmpty()) {
                Thread.sleep(20);
            }
            first.kill();
            ackedAtKill = acknowledged.get();
            try (ServeProcess second = ServeProcess.start(db, dir.resolve("second.err"), port)) {
                for (Thread beat : beats) {
                    beat.join();
                }
                assertThat(failures).isEmpty();
                assertThat(second.stop()).contains("the store is closed");
            }
        }
        System.out.printf("beats kill -9: killed with %d of %d events acknowledged; %d events sent in all "
                + "(%d sent again)%n", ackedAtKill, BEATS * EVENTS_PER_BEAT, sent.get(), sent.get() - BEATS * EVENTS_PER_BEAT);
        assertThat(ackedAtKill).as("killed mid-stream").isLessThan(BEATS * EVENTS_PER_BEAT);
        assertThat(acknowledged.get()).isEqualTo(BEATS * EVENTS_PER_BEAT);

        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection store = DriverManager.getConnection("jdbc:duckdb:" + db, readOnly);
             Statement sql = store.createStatement();
             ResultSet hosts = sql.executeQuery("SELECT host, count(*), count(DISTINCT serial), min(serial), max(serial) "
                     + "FROM events GROUP BY host ORDER BY host")) {
            List<String> perHost = new ArrayList<>();
            while (hosts.next()) {
                perHost.add(hosts.getString(1) + ": " + hosts.getLong(2) + " events, " + hosts.getLong(3)
                        + " serials " + hosts.getLong(4) + ".." + hosts.getLong(5));
            }
            assertThat(perHost).containsExactly(
                    "beat-1: 25000 events, 25000 serials 1..25000", "beat-2: 25000 events, 25000 serials 1..25000",
                    "beat-3: 25000 events, 25000 serials 1..25000", "beat-4: 25000 events, 25000 serials 1..25000");
        }
    }

    /**
     * One Beat: sends its events in windows and, as Auditbeat does, when the connection breaks, connects again and
     * sends again everything after the last ACK.
     */
    private static void stream(int port, List<String> events, AtomicLong acknowledged, AtomicLong sent) throws Exception {
        int acked = 0;
        long giveUpAt = System.nanoTime() + 180_000_000_000L;
        while (acked < events.size()) {
            try (LumberjackClient beat = new LumberjackClient(port)) {
                while (acked < events.size()) {
                    List<String> window = events.subList(acked, Math.min(events.size(), acked + WINDOW));
                    beat.sendWindow(window, true);
                    sent.addAndGet(window.size());
                    int start = acked;
                    for (long seq = 0; seq < window.size(); ) {
                        seq = beat.awaitAck();
                        acknowledged.addAndGet(start + seq - acked);
                        acked = (int) (start + seq);
                    }
                }
            } catch (IOException serverGone) {
                if (System.nanoTime() > giveUpAt) {
                    throw new IOException("the server did not come back: " + serverGone.getMessage(), serverGone);
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@code count} events of {@code host}, serials 1.., a second apart: real Auditbeat events with those fields set. */
    private static List<String> events(String host, List<String> templates) throws IOException {
        List<String> events = new ArrayList<>(EVENTS_PER_BEAT);
        Instant start = Instant.parse("2025-11-10T00:00:00Z");
        for (int serial = 1; serial <= EVENTS_PER_BEAT; serial++) {
            ObjectNode event = (ObjectNode) JSON.readTree(templates.get(serial % templates.size()));
            event.put("@timestamp", start.plusSeconds(serial).toString());
            ((ObjectNode) event.get("host")).put("name", host);
            ((ObjectNode) event.get("auditd")).put("sequence", serial);
            events.add(event.toString());
        }
        return events;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

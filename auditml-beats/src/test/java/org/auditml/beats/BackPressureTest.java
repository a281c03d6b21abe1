package org.auditml.beats;

import org.auditml.service.AuditmlService;
import org.auditml.testkit.AuditbeatEvents;
import org.auditml.testkit.LumberjackClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that falls behind and a Beat that does not read its ACKs: the server stops reading from that Beat instead of
 * buffering what it sends, and other Beats are served meanwhile.
 */
class BackPressureTest {
    private static final BeatsLimits LIMITS = new BeatsLimits(1 << 20, 8 << 20, 100_000, 100, 60, 5);
    private static final int WINDOW = 100;

    private static List<String> events;

    @TempDir
    Path dir;
    private AuditmlService service;
    private BeatsServer server;
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void fleet(@TempDir Path fleetDir) throws IOException {
        events = AuditbeatEvents.distinct(fleetDir, 3000);
    }

    @BeforeEach
    void start() {
        service = AuditmlService.open(dir.resolve("store.db"));
        server = BeatsServer.start(service, "127.0.0.1", 0, LIMITS, logged::add);
    }

    @AfterEach
    void stop() {
        server.close();
        service.close();
    }

    @Test
    void whileTheStoreIsBusyTheServerStopsReadingAndTheBeatWaits() throws IOException {
        // 16 MiB of windows of 100 events (the 3,000 events over and over): more than the sockets' buffers hold
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int windows = 0;
        while (wire.size() < 16 << 20) {
            int from = windows * WINDOW % events.size();
            wire.write(LumberjackClient.window(events.subList(from, from + WINDOW), false));
            windows++;
        }
        ByteBuffer toSend = ByteBuffer.wrap(wire.toByteArray());
        try (SocketChannel beat = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            synchronized (service) {
                // the service is busy with another caller: nothing can be stored
                writeUntilBlocked(beat, toSend);
                assertThat(toSend.hasRemaining()).as("the Beat's writes block").isTrue();
                assertThat(server.peakPendingWindows()).as("windows read and waiting").isLessThanOrEqualTo(2);
                assertThat(service.eventCount()).isZero();
            }
            beat.configureBlocking(true);
            while (toSend.hasRemaining()) {
                beat.write(toSend);
            }
            assertThat(windowAcks(beat, windows)).isEqualTo(windows);
        }
        assertThat(server.peakPendingWindows()).isLessThanOrEqualTo(2);
        assertThat(service.eventCount()).isEqualTo(3000);
    }

    @Test
    void aBeatThatDoesNotReadItsAcksIsNotReadEitherAndAnotherBeatIsServed() throws Exception {
        // empty windows, each answered at once by an ACK the Beat never reads: 64 MiB of them, far beyond what
        // the sockets' buffers hold, so its writes block unless the server reads and buffers the ACKs without bound
        byte[] emptyWindows = new byte[6 * 10_000];
        for (int i = 0; i < emptyWindows.length; i += 6) {
            emptyWindows[i] = '2';
            emptyWindows[i + 1] = 'W';
        }
        SocketChannel slow = SocketChannel.open();
        slow.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < (64 << 20) / emptyWindows.length; i++) {
                    ByteBuffer b = ByteBuffer.wrap(emptyWindows);
                    while (b.hasRemaining()) {
                        slow.write(b);
                    }
                }
            } catch (IOException closedByTheTest) {
                // the test closes the Beat's socket while its write blocks
            }
        });
        writer.start();
        try {
            waitFor(() -> logged.stream().anyMatch(l -> l.contains("does not read its ACKs")));
            try (LumberjackClient other = new LumberjackClient(server.port())) {
                other.sendWindow(events.subList(0, 300), true);
                assertThat(other.awaitAck()).isEqualTo(300);
            }
            assertThat(service.eventCount()).isEqualTo(300);
            assertThat(writer.isAlive()).as("the slow Beat's writes block").isTrue();
        } finally {
            slow.close();
            writer.join();
        }
    }

    /** Writes without blocking until the socket takes nothing more for a while (the server does not read). */
    private static void writeUntilBlocked(SocketChannel beat, ByteBuffer toSend) throws IOException {
        beat.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            SelectionKey key = beat.register(selector, SelectionKey.OP_WRITE);
            while (toSend.hasRemaining() && selector.select(500) > 0) {
                selector.selectedKeys().clear();
                beat.write(toSend);
            }
            key.cancel();
            selector.selectNow();
        }
    }

    /** Reads ACKs until {@code windows} windows are acknowledged (not counting keep-alive ACK(0)). */
    private static int windowAcks(SocketChannel beat, int windows) throws IOException {
        ByteBuffer ack = ByteBuffer.allocate(6);
        int acknowledged = 0;
        while (acknowledged < windows) {
            ack.clear();
            while (ack.hasRemaining()) {
                if (beat.read(ack) < 0) {
                    return acknowledged;
                }
            }
            if (ack.getInt(2) == WINDOW) {
                acknowledged++;
            }
        }
        return acknowledged;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("waited 30 s for the server").isTrue();
    }
}

package org.auditml.beats;

import org.auditml.service.AuditmlService;
import org.auditml.service.RequestException;
import org.auditml.testkit.DemoFleet;
import org.auditml.testkit.LumberjackClient;
import org.auditml.testkit.SelfSignedKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Beats server on a free port, fed real Auditbeat events (the demo fleet's container host) by the test client. */
class BeatsServerTest {
    private static final BeatsLimits LIMITS = new BeatsLimits(1 << 20, 4 << 20, 100_000, 100, 60, 5);

    private static List<String> events;

    @TempDir
    Path dir;
    private AuditmlService service;
    private BeatsServer server;
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void fleet(@TempDir Path fleetDir) throws IOException {
        DemoFleet.Written fleet = DemoFleet.write(fleetDir, 7);
        events = Files.readAllLines(fleet.containerLog()).stream().filter(l -> l.startsWith("{")).limit(3000).toList();
        assertThat(events).hasSize(3000);
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
    void aWindowIsAcknowledgedWithItsLastSeqOnceStored() throws IOException {
        List<String> window = events.subList(0, 500);
        long t0 = System.nanoTime();
        try (LumberjackClient client = new LumberjackClient(server.port())) {
            client.sendWindow(window, false);
            assertThat(client.awaitAck()).isEqualTo(500);
            assertThat(service.eventCount()).isEqualTo(500);
            client.sendWindow(events.subList(500, 3000), true);
            assertThat(client.awaitAck()).isEqualTo(2500);
        }
        System.out.printf("beats: 3000 Auditbeat events from one client stored in %.0f ms (%.0f events/s)%n",
                (System.nanoTime() - t0) / 1e6, 3000 / ((System.nanoTime() - t0) / 1e9));
        assertThat(service.eventCount()).isEqualTo(3000);
    }

    @Test
    void aWindowSentAgainIsStoredOnce() throws IOException {
        List<String> window = events.subList(0, 200);
        try (LumberjackClient client = new LumberjackClient(server.port())) {
            client.sendWindow(window, true);
            assertThat(client.awaitAck()).isEqualTo(200);
        }
        try (LumberjackClient reconnected = new LumberjackClient(server.port())) {
            reconnected.sendWindow(window, true);
            assertThat(reconnected.awaitAck()).isEqualTo(200);
        }
        assertThat(service.eventCount()).isEqualTo(200);
    }

    @Test
    void pipelinedWindowsAreAcknowledgedInOrder() throws IOException {
        try (LumberjackClient client = new LumberjackClient(server.port())) {
            client.sendWindow(events.subList(0, 100), false);
            client.sendWindow(events.subList(100, 250), true);
            client.sendWindow(events.subList(250, 260), false);
            assertThat(List.of(client.awaitAck(), client.awaitAck(), client.awaitAck())).containsExactly(100L, 150L, 10L);
        }
        assertThat(service.eventCount()).isEqualTo(260);
    }

    @Test
    void aV1DataFrameIsStored() throws IOException {
        try (LumberjackClient client = new LumberjackClient(server.port())) {
            client.sendRaw(new byte[]{'1', 'W', 0, 0, 0, 1});
            client.sendDataFrame(1, Map.of("@timestamp", "2025-11-10T00:00:01.000Z", "host.name", "web-01",
                    "event.action", "executed", "process.executable", "/usr/bin/id", "auditd.sequence", "4711"));
            assertThat(client.awaitAck()).isEqualTo(1);
        }
        assertThat(service.eventCount()).isEqualTo(1);
    }

    @Test
    void garbageClosesThatClientWhileAnotherCompletes() throws Exception {
        try (LumberjackClient good = new LumberjackClient(server.port());
             LumberjackClient bad = new LumberjackClient(server.port())) {
            good.sendWindow(events.subList(0, 1000), false);
            bad.sendRaw("GET / HTTP/1.1\r\n\r\n".getBytes());
            assertThat(bad.closedByServer()).isTrue();
            assertThat(good.awaitAck()).isEqualTo(1000);
        }
        assertThat(service.eventCount()).isEqualTo(1000);
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("unknown protocol version 0x47"));
    }

    @Test
    void anOversizedFrameIsRefused() throws IOException {
        try (LumberjackClient client = new LumberjackClient(server.port())) {
            client.sendRaw(new byte[]{'2', 'W', 0, 0, 0, 1, '2', 'J', 0, 0, 0, 1, 0x10, 0, 0, 0});
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("JSON frame of 268435456 bytes exceeds 1048576"));
        assertThat(service.eventCount()).isZero();
    }

    @Test
    void aZipBombIsRefused() throws IOException {
        // one J frame of 64 MiB of zeros: a few kilobytes compressed, sixteen times the inflate cap
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(frame);
        d.write(new byte[]{'2', 'J'});
        d.writeInt(1);
        d.writeInt(64 << 20);
        d.write(new byte[64 << 20]);
        byte[] bomb = LumberjackClient.zlib(frame.toByteArray());
        assertThat(bomb.length).isLessThan(LIMITS.maxFrameBytes());
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DataOutputStream w = new DataOutputStream(wire);
        w.write(new byte[]{'2', 'W'});
        w.writeInt(1);
        w.write(new byte[]{'2', 'C'});
        w.writeInt(bomb.length);
        w.write(bomb);
        try (LumberjackClient client = new LumberjackClient(server.port())) {
            client.sendRaw(wire.toByteArray());
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("inflates beyond 4194304 bytes"));
    }

    @Test
    void aSilentConnectionIsClosedAndConnectionsBeyondTheCapAreRefused() throws IOException {
        try (BeatsServer small = BeatsServer.start(service, "127.0.0.1", 0, new BeatsLimits(1 << 20, 4 << 20, 1000, 1, 1, 5),
                logged::add);
             LumberjackClient first = new LumberjackClient(small.port());
             LumberjackClient second = new LumberjackClient(small.port())) {
            assertThat(second.closedByServer()).isTrue();
            assertThat(first.closedByServer()).isTrue();
        }
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("1 connections are open"));
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("idle for 1 s"));
    }

    @Test
    void whileAWindowWaitsToBeStoredTheBeatGetsKeepAliveAcks() throws IOException {
        try (BeatsServer quick = BeatsServer.start(service, "127.0.0.1", 0, new BeatsLimits(1 << 20, 4 << 20, 1000, 10, 60, 1),
                logged::add);
             LumberjackClient client = new LumberjackClient(quick.port())) {
            synchronized (service) {
                // the service is busy with another caller: the window cannot be stored yet
                client.sendWindow(events.subList(0, 100), true);
                assertThat(client.readAck()).isZero();
                assertThat(service.eventCount()).isZero();
            }
            assertThat(client.awaitAck()).isEqualTo(100);
        }
        assertThat(service.eventCount()).isEqualTo(100);
    }

    @Test
    void withAKeyStoreTheBeatSpeaksTls(@TempDir Path own) throws Exception {
        SelfSignedKeyStore keys = SelfSignedKeyStore.write(own.resolve("server.p12"));
        SSLContext clientTls = keys.client();
        try (BeatsServer secure = BeatsServer.start(service, "127.0.0.1", 0, LIMITS,
                BeatsTls.fromKeyStore(keys.file(), keys.password()), logged::add);
             LumberjackClient client = new LumberjackClient(secure.port(), clientTls)) {
            client.sendWindow(events.subList(0, 300), true);
            assertThat(client.awaitAck()).isEqualTo(300);
        }
        assertThat(service.eventCount()).isEqualTo(300);
    }

    @Test
    void aPortInUseIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> BeatsServer.start(service, "127.0.0.1", server.port(), LIMITS, logged::add))
                .isInstanceOf(RequestException.class)
                .hasMessageContaining("cannot listen for Beats on 127.0.0.1:" + server.port())
                .hasMessageContaining("choose another --beats-port");
    }
}

package org.auditml.beats;

import org.auditml.service.AuditmlService;
import org.auditml.testkit.AuditbeatEvents;
import org.auditml.testkit.LumberjackClient;
import org.auditml.service.RequestException;
import org.auditml.testkit.SelfSignedKeyStore;
import org.auditml.testkit.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Beats port verifying client certificates: only Beats with a certificate signed by the given CA are served. */
class ClientCertificateTest {
    private static List<String> events;
    private static SelfSignedKeyStore serverKeys;
    private static TestCertificateAuthority ca;
    private static SSLContext signedBeat;
    private static SSLContext beatWithoutCertificate;
    private static SSLContext beatOfAnotherCa;

    @TempDir
    Path dir;
    private AuditmlService service;
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void certificates(@TempDir Path keys) throws Exception {
        events = AuditbeatEvents.distinct(keys, 605);
        serverKeys = SelfSignedKeyStore.write(keys.resolve("server.p12"));
        ca = TestCertificateAuthority.write(keys.resolve("ca"), "auditml test CA");
        signedBeat = serverKeys.client(ca.client("beat-01"));
        beatWithoutCertificate = serverKeys.client();
        beatOfAnotherCa = serverKeys.client(TestCertificateAuthority.write(keys.resolve("other"), "another CA").client("intruder"));
    }

    @BeforeEach
    void open() {
        service = AuditmlService.open(dir.resolve("store.db"));
    }

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void aBeatWithACertificateOfTheCaIsServedAndOthersAreRefused() throws IOException {
        BeatsTls tls = BeatsTls.verifyingClients(serverKeys.file(), serverKeys.password(), ca.certificatePem());
        try (BeatsServer server = BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, tls, logged::add)) {
            try (LumberjackClient beat = new LumberjackClient(server.port(), signedBeat)) {
                beat.sendWindow(events.subList(0, 300), true);
                assertThat(beat.awaitAck()).isEqualTo(300);
                assertThat(refused(server, beatWithoutCertificate)).as("a Beat without a certificate").isTrue();
                assertThat(refused(server, beatOfAnotherCa)).as("a Beat whose certificate another CA signed").isTrue();
                beat.sendWindow(events.subList(300, 600), false);
                assertThat(beat.awaitAck()).isEqualTo(300);
            }
        }
        assertThat(service.eventCount()).isEqualTo(600);
        assertThat(logged).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("beats: closing"));
    }

    @Test
    void theCaMayComeInAPkcs12TrustStore() throws Exception {
        BeatsTls tls = BeatsTls.verifyingClients(serverKeys.file(), serverKeys.password(), ca.trustStore());
        try (BeatsServer server = BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, tls, logged::add)) {
            try (LumberjackClient beat = new LumberjackClient(server.port(), signedBeat)) {
                beat.sendWindow(events.subList(0, 10), true);
                assertThat(beat.awaitAck()).isEqualTo(10);
            }
            assertThat(refused(server, beatOfAnotherCa)).isTrue();
        }
    }

    @Test
    void aFileThatHoldsNoCertificateIsRefusedWithWhatToGive() throws IOException {
        Path notCas = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        assertThatThrownBy(() -> BeatsTls.verifyingClients(serverKeys.file(), serverKeys.password(), notCas))
                .isInstanceOf(RequestException.class)
                .hasMessageStartingWith("cannot use " + notCas + " as --tls-client-ca: ")
                .hasMessageEndingWith("give the CA certificates of the Beats' client certificates as PEM, or a PKCS#12/JKS trust store");
    }

    /** Whether the server refuses a Beat using {@code tls}: it gets no ACK, and its window (new events) is not stored. */
    private boolean refused(BeatsServer server, SSLContext tls) throws IOException {
        long before = service.eventCount();
        try (LumberjackClient beat = new LumberjackClient(server.port(), tls)) {
            beat.sendWindow(events.subList(600, 605), false);
            beat.readAck();
            return false;
        } catch (IOException handshakeRefused) {
            return service.eventCount() == before;
        }
    }
}

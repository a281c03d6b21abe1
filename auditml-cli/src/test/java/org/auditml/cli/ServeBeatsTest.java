package org.auditml.cli;

import org.auditml.service.AuditmlService;
import org.auditml.testkit.AuditbeatEvents;
import org.auditml.testkit.LumberjackClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --beats-port}: Beats' events stored through the service, and its TLS options refused when wrong. */
class ServeBeatsTest {

    @Test
    void serveWithBeatsPortZero_printsThePort_andStoresWhatABeatSends(@TempDir Path dir) throws Exception {
        List<String> events = AuditbeatEvents.distinct(dir.resolve("fleet"), 1000);
        Path db = dir.resolve("db.duckdb");

        try (ServeProcess serve = ServeProcess.start(db, dir.resolve("serve.err"))) {
            assertThat(serve.beatsPort()).isPositive();
            try (LumberjackClient beat = new LumberjackClient(serve.beatsPort())) {
                beat.sendWindow(events.subList(0, 600), true);
                assertThat(beat.awaitAck()).isEqualTo(600);
                beat.sendWindow(events.subList(400, 1000), false);
                assertThat(beat.awaitAck()).isEqualTo(600);
            }
            assertThat(serve.stop()).isEqualTo("auditml: stopped serving; the store is closed\n");
        }
        try (AuditmlService stored = AuditmlService.openToRead(db)) {
            assertThat(stored.eventCount()).as("events in the store after serve stopped").isEqualTo(1000);
        }
    }

    @Test
    void aClientCaFileThatIsNoCertificate_isRefusedInOneLineBeforeTheStoreIsMade(@TempDir Path dir) throws Exception {
        Path keyStore = Files.writeString(dir.resolve("server.p12"), "unused: the client CA is read first");
        Path notCa = Files.writeString(dir.resolve("ca.pem"), "hello\n");
        Path db = dir.resolve("db.duckdb");

        Cli cli = Cli.run("serve", "--db", db.toString(), "--port", "0", "--beats-port", "0",
                "--tls-keystore", keyStore.toString(), "--tls-client-ca", notCa.toString());
        Cli withoutBeats = Cli.run("serve", "--db", db.toString(), "--port", "0", "--tls-client-ca", notCa.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().lines()).hasSize(1).first().asString()
                .startsWith("error: cannot use " + notCa + " as --tls-client-ca: ")
                .endsWith("give the CA certificates of the Beats' client certificates as PEM, or a PKCS#12/JKS trust store");
        assertThat(withoutBeats.exitCode()).isEqualTo(2);
        assertThat(withoutBeats.err()).isEqualTo("error: --tls-client-ca verifies the Beats' certificates over TLS; "
                + "give --beats-port and --tls-keystore too\n");
        assertThat(db).doesNotExist();
    }
}

package org.auditml.service.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.store.AlertTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinksTest {
    private static final AlertTable.Alert ALERT = AlertTable.Alert.pending("job_record_1_900_0_ab/siem", "siem", "job",
            1_000L, 91.5, "{\"alert_id\":\"job_record_1_900_0_ab/siem\",\"host\":\"web-02\",\"record_score\":91.5}", 5L);

    private static AlertConfig.SinkSpec syslog(String protocol, int port) {
        return new AlertConfig.SinkSpec("siem", "syslog", null, Map.of(), null, "127.0.0.1", port, protocol);
    }

    @Test
    void syslogOverUdp_isOneRfc5424MessageWithTheAlertAsStructuredData() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            AlertSink.of(syslog("udp", receiver.getLocalPort())).deliver(ALERT);
            DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
            receiver.receive(p);
            String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            // local0 (16) * 8 + critical (2): a score of 75 and more
            assertThat(m).startsWith("<130>1 ").contains(" auditml ").contains(" anomaly [auditml@32473 alert_id=\""
                    + ALERT.alertId() + "\" job_id=\"job\" record_score=\"91.5\" host=\"web-02\"] ").endsWith(ALERT.body());
        }
    }

    @Test
    void syslogOverTcp_isOctetCounted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            AlertSink.of(syslog("tcp", server.getLocalPort())).deliver(ALERT);
            String framed = got.get();
            int space = framed.indexOf(' ');
            String message = framed.substring(space + 1);
            assertThat(Integer.parseInt(framed.substring(0, space))).isEqualTo(message.getBytes(StandardCharsets.UTF_8).length);
            assertThat(message).startsWith("<130>1 ").endsWith(ALERT.body());
        }
    }

    @Test
    void ndjsonAppendsOneLinePerAlert(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.ndjson");
        AlertSink sink = AlertSink.of(new AlertConfig.SinkSpec("f", "ndjson", null, Map.of(), file, null, 0, null));
        sink.deliver(ALERT);
        sink.deliver(ALERT);
        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(l -> assertThat(new ObjectMapper().readTree(l)
                .path("alert_id").asText()).isEqualTo(ALERT.alertId()));
    }

    @Test
    void aWebhookThatCannotBeReached_failsWithWhy() {
        AlertSink sink = AlertSink.of(new AlertConfig.SinkSpec("h", "webhook", java.net.URI.create("http://127.0.0.1:1/x"),
                Map.of(), null, null, 0, null));
        assertThatThrownBy(() -> sink.deliver(ALERT)).isInstanceOf(java.io.IOException.class);
    }
}

package org.auditml.service.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.store.AlertTable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Sends each alert as one RFC 5424 message (facility local0, severity from the score as Elastic grades it: critical,
 * major, minor, warning; the alert's id, job and score as structured data, its JSON as the message): over UDP, over
 * TCP with octet counting (RFC 6587), or to a local stream socket such as rsyslog's {@code /dev/log}.
 */
final class SyslogSink implements AlertSink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOCAL0 = 16;
    /** IANA's enterprise number for examples; the SD-ID is private to auditml. */
    private static final String SD_ID = "auditml@32473";

    private final AlertConfig.SinkSpec spec;
    private final String hostname;

    SyslogSink(AlertConfig.SinkSpec spec) {
        this.spec = spec;
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "-";
        }
        this.hostname = h;
    }

    @Override
    public void deliver(AlertTable.Alert alert) throws IOException {
        byte[] message = message(alert, hostname).getBytes(StandardCharsets.UTF_8);
        switch (spec.protocol()) {
            case "udp" -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.send(new DatagramPacket(message, message.length, new InetSocketAddress(spec.host(), spec.port())));
                }
            }
            case "tcp" -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(spec.host(), spec.port()), 10_000);
                    OutputStream out = socket.getOutputStream();
                    out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                    out.write(message);
                    out.flush();
                }
            }
            default -> {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(spec.path()));
                    ByteBuffer buffer = ByteBuffer.wrap(message);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } catch (IOException e) {
                    throw new IOException("cannot write to " + spec.path() + " (" + e.getMessage() + "); a datagram "
                            + "socket (journald's /dev/log) cannot be written from Java: use host and port", e);
                }
            }
        }
    }

    /** The RFC 5424 message of an alert. */
    static String message(AlertTable.Alert alert, String hostname) throws IOException {
        JsonNode body = JSON.readTree(alert.body());
        int severity = alert.score() >= 75 ? 2 : alert.score() >= 50 ? 3 : alert.score() >= 25 ? 4 : 5;
        return "<" + (LOCAL0 * 8 + severity) + ">1 " + DateTimeFormatter.ISO_INSTANT.format(Instant.now()) + " "
                + hostname + " auditml " + ProcessHandle.current().pid() + " anomaly [" + SD_ID
                + " alert_id=\"" + param(alert.alertId()) + "\" job_id=\"" + param(alert.jobId()) + "\" record_score=\""
                + Math.round(alert.score() * 100) / 100.0 + "\" host=\"" + param(body.path("host").asText("")) + "\"] "
                + alert.body();
    }

    /** An SD-PARAM value: '"', '\' and ']' escaped. */
    private static String param(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }
}

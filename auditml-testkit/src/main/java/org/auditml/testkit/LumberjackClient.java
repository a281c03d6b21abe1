package org.auditml.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A small Lumberjack v2 client as Beats speak it, for testing a Beats server: W(n), then J frames numbered 1..n,
 * optionally inside one C frame; and the edge cases (v1 data frames, raw bytes).
 */
public final class LumberjackClient implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private char lastAckVersion;

    public LumberjackClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** A client speaking TLS, trusting what {@code tls} trusts. */
    public LumberjackClient(int port, SSLContext tls) throws IOException {
        this(tls.getSocketFactory().createSocket("127.0.0.1", port));
    }

    private LumberjackClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** Writes one window of JSON events, compressed or not; does not wait for its ACK. */
    public void sendWindow(List<String> events, boolean compressed) throws IOException {
        out.write(window(events, compressed));
        out.flush();
    }

    /** The bytes of one window as a Beat sends it: W(n), then J frames numbered 1..n, optionally inside one C frame. */
    public static byte[] window(List<String> events, boolean compressed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream window = new DataOutputStream(bytes);
        window.write(new byte[]{'2', 'W'});
        window.writeInt(events.size());
        byte[] frames = jsonFrames(events);
        if (compressed) {
            byte[] zipped = zlib(frames);
            window.write(new byte[]{'2', 'C'});
            window.writeInt(zipped.length);
            window.write(zipped);
        } else {
            window.write(frames);
        }
        return bytes.toByteArray();
    }

    /** Writes a v1 data frame of key/value pairs. */
    public void sendDataFrame(int seq, Map<String, String> pairs) throws IOException {
        out.write(new byte[]{'1', 'D'});
        out.writeInt(seq);
        out.writeInt(pairs.size());
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            writeString(e.getKey());
            writeString(e.getValue());
        }
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads ACKs until one is not the keep-alive ACK(0); returns its seq. */
    public long awaitAck() throws IOException {
        while (true) {
            long seq = readAck();
            if (seq != 0) {
                return seq;
            }
        }
    }

    /** Reads the next ACK, keep-alive or not; returns its seq. */
    public long readAck() throws IOException {
        byte version = in.readByte();
        byte type = in.readByte();
        if (version != '2' && version != '1' || type != 'A') {
            throw new IOException("not an ACK: " + (char) version + (char) type);
        }
        lastAckVersion = (char) version;
        return in.readInt() & 0xffffffffL;
    }

    /** The protocol version ('1' or '2') of the last ACK read. */
    public char lastAckVersion() {
        return lastAckVersion;
    }

    /** Whether the server closed the connection (reads until the end of the stream). */
    public boolean closedByServer() {
        try {
            while (in.read() >= 0) {
                // ACKs the server may still send before closing
            }
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    public static byte[] jsonFrames(List<String> events) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(bytes);
        for (int i = 0; i < events.size(); i++) {
            byte[] json = events.get(i).getBytes(StandardCharsets.UTF_8);
            frames.write(new byte[]{'2', 'J'});
            frames.writeInt(i + 1);
            frames.writeInt(json.length);
            frames.write(json);
        }
        return bytes.toByteArray();
    }

    public static byte[] zlib(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(bytes, new Deflater(3))) {
            z.write(data);
        }
        return bytes.toByteArray();
    }

    private void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

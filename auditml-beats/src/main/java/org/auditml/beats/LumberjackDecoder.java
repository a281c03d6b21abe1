package org.auditml.beats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Lumberjack frames as Beats send them (version '2', or '1' for data frames 'D'): window 'W', JSON 'J', compressed
 * 'C' holding more frames, key/value 'D'. Emits a {@link Batch} once a window's count of events has arrived; a frame
 * is read only once all its bytes are there. Breaking the protocol or a limit throws a {@link ProtocolException}.
 */
final class LumberjackDecoder extends ByteToMessageDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BeatsLimits limits;
    private long windowSize = -1;
    private byte windowVersion;
    private List<String> window = new ArrayList<>();
    private long[] seqs = new long[0];
    private boolean failed;

    LumberjackDecoder(BeatsLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            // the connection is closing: what follows a protocol error is not read as frames
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                in.markReaderIndex();
                if (!readFrame(in, out, false)) {
                    in.resetReaderIndex();
                    return;
                }
            }
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Reads one whole frame; false (nothing consumed that counts) when its bytes have not all arrived. */
    private boolean readFrame(ByteBuf in, List<Object> out, boolean nested) {
        if (in.readableBytes() < 2) {
            return false;
        }
        byte version = in.readByte();
        byte type = in.readByte();
        if (version != '2' && version != '1') {
            throw new ProtocolException("unknown protocol version 0x" + Integer.toHexString(version & 0xff));
        }
        switch (type) {
            case 'W' -> {
                if (nested) {
                    throw new ProtocolException("window frame inside a compressed frame");
                }
                if (in.readableBytes() < 4) {
                    return false;
                }
                startWindow(version, in.readUnsignedInt(), out);
            }
            case 'J' -> {
                if (in.readableBytes() < 8) {
                    return false;
                }
                long seq = in.readUnsignedInt();
                long length = in.readUnsignedInt();
                checkSize("JSON frame", length);
                if (in.readableBytes() < length) {
                    return false;
                }
                event(seq, in.readCharSequence((int) length, StandardCharsets.UTF_8).toString(), out);
            }
            case 'D' -> {
                return readDataFrame(in, out);
            }
            case 'C' -> {
                if (nested) {
                    throw new ProtocolException("compressed frame inside a compressed frame");
                }
                if (in.readableBytes() < 4) {
                    return false;
                }
                long length = in.readUnsignedInt();
                checkSize("compressed frame", length);
                if (in.readableBytes() < length) {
                    return false;
                }
                ByteBuf inflated = inflate(in.readSlice((int) length));
                try {
                    while (inflated.isReadable()) {
                        if (!readFrame(inflated, out, true)) {
                            throw new ProtocolException("compressed frame ends inside a frame");
                        }
                    }
                } finally {
                    inflated.release();
                }
            }
            default -> throw new ProtocolException("unknown frame type 0x" + Integer.toHexString(type & 0xff));
        }
        return true;
    }

    private void startWindow(byte version, long size, List<Object> out) {
        if (windowSize > 0 && !window.isEmpty()) {
            throw new ProtocolException("new window while " + (windowSize - window.size()) + " events are missing");
        }
        if (size > limits.maxWindowEvents()) {
            throw new ProtocolException("window of " + size + " events exceeds " + limits.maxWindowEvents());
        }
        windowSize = size;
        windowVersion = version;
        window = new ArrayList<>();
        // grown as events arrive: a window's announced size alone reserves nothing
        seqs = new long[(int) Math.min(size, 256)];
        if (size == 0) {
            out.add(new Batch(version, List.of(), seqs));
        }
    }

    /** v1 key/value pairs become one JSON object of strings. */
    private boolean readDataFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 8) {
            return false;
        }
        long seq = in.readUnsignedInt();
        long pairs = in.readUnsignedInt();
        if (pairs > 1024) {
            throw new ProtocolException("data frame of " + pairs + " pairs exceeds 1024");
        }
        ObjectNode object = JSON.createObjectNode();
        long total = 0;
        for (long i = 0; i < pairs; i++) {
            String key = readString(in);
            String value = key == null ? null : readString(in);
            if (value == null) {
                return false;
            }
            total += key.length() + value.length();
            checkSize("data frame", total);
            object.put(key, value);
        }
        event(seq, object.toString(), out);
        return true;
    }

    private String readString(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return null;
        }
        long length = in.readUnsignedInt();
        checkSize("data frame", length);
        if (in.readableBytes() < length) {
            return null;
        }
        return in.readCharSequence((int) length, StandardCharsets.UTF_8).toString();
    }

    private void event(long seq, String json, List<Object> out) {
        if (windowSize < 0) {
            // v1 clients may send data frames without a window: each is its own batch
            out.add(new Batch((byte) '1', List.of(json), new long[]{seq}));
            return;
        }
        if (window.size() >= windowSize) {
            throw new ProtocolException("more events than the window of " + windowSize);
        }
        if (window.size() == seqs.length) {
            seqs = Arrays.copyOf(seqs, (int) Math.min(windowSize, 2L * seqs.length));
        }
        seqs[window.size()] = seq;
        window.add(json);
        if (window.size() == windowSize) {
            out.add(new Batch(windowVersion, window, seqs));
            window = new ArrayList<>();
            windowSize = -1;
        }
    }

    private void checkSize(String what, long length) {
        if (length > limits.maxFrameBytes()) {
            throw new ProtocolException(what + " of " + length + " bytes exceeds " + limits.maxFrameBytes());
        }
    }

    /** Inflates in chunks with a running cap, so a zip bomb is refused before it fills the heap. */
    private ByteBuf inflate(ByteBuf compressed) {
        Inflater inflater = new Inflater();
        ByteBuf out = Unpooled.buffer(Math.min(limits.maxDecompressedBytes(), compressed.readableBytes() * 4 + 64));
        try {
            byte[] input = new byte[compressed.readableBytes()];
            compressed.readBytes(input);
            inflater.setInput(input);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("compressed frame is truncated");
                }
                if (out.readableBytes() + n > limits.maxDecompressedBytes()) {
                    throw new ProtocolException("compressed frame inflates beyond " + limits.maxDecompressedBytes()
                            + " bytes");
                }
                out.writeBytes(chunk, 0, n);
            }
            return out;
        } catch (DataFormatException e) {
            out.release();
            throw new ProtocolException("compressed frame is not zlib: " + e.getMessage());
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            inflater.end();
        }
    }
}

package org.auditml.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A gzip stream whose readers see whole lines only when it breaks off: a file cut short (a copy interrupted, a disk
 * that filled while logrotate compressed) gives every complete line before the break, as {@code zcat} recovers them,
 * leaves out the incomplete last one, and says so ({@link #truncation}), rather than failing and losing the lines
 * still in the readers' buffers.
 */
final class WholeLinesGzip extends InputStream {
    private final GZIPInputStream in;
    private final byte[] buf = new byte[1 << 16];
    /** buf[pos, ready) may be read; buf[ready, end) is a line not yet ended. */
    private int pos;
    private int ready;
    private int end;
    private boolean ended;
    private long delivered;
    private String truncation;

    WholeLinesGzip(InputStream compressed) throws IOException {
        this.in = new GZIPInputStream(compressed, 1 << 16);
    }

    /** How the stream broke off, or null when it ended whole. */
    String truncation() {
        return truncation;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (pos == ready) {
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, ready - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        delivered += n;
        return n;
    }

    /** Decompresses more; what is ready ends at the last line break, or at the end of a whole stream. */
    private void fill() throws IOException {
        if (pos > 0) { // keep the unfinished line at the front
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            ready -= pos;
            pos = 0;
        }
        if (end == buf.length) { // a line longer than the buffer: hand it over as it is
            ready = end;
            return;
        }
        int n;
        try {
            n = in.read(buf, end, buf.length - end);
        } catch (EOFException e) {
            truncation = "the compressed data breaks off after " + (delivered + ready - pos) + " bytes of text"
                    + (end > ready ? "; the incomplete last line (" + (end - ready) + " bytes) is left out" : "");
            end = ready;
            ended = true;
            return;
        }
        if (n < 0) {
            ended = true;
            ready = end;
            return;
        }
        end += n;
        for (int i = end - 1; i >= ready; i--) {
            if (buf[i] == '\n') {
                ready = i + 1;
                break;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package org.auditml.read.raw;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines as bytes with a bound on their length, so that a line of several megabytes costs no more memory
 * than {@code maxLineBytes}: its first {@code maxLineBytes} are returned with {@link #oversized()} set, and
 * the rest is skipped up to the next newline. A final line without a newline is returned too.
 */
public final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;

    private int lineStart;
    private int lineLength;
    private long lineNumber;
    private long fullLength;
    private long bytesRead;

    public LineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[Math.max(64 * 1024, maxLineBytes * 2)];
    }

    /** Advances to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        int scanned = 0; // bytes after pos already known to hold no newline
        while (true) {
            int nl = indexOfNewline(pos + scanned, limit);
            if (nl >= 0) {
                return emit(nl - pos, nl + 1);
            }
            scanned = limit - pos;
            if (scanned >= maxLineBytes) {
                // too long: keep the first maxLineBytes, skip the rest of the line
                lineNumber++;
                lineLength = maxLineBytes;
                fullLength = skipRestOfLine(scanned);
                return true;
            }
            if (eof) {
                return pos < limit && emit(limit - pos, limit);
            }
            compactAndFill();
        }
    }

    private boolean emit(int length, int next) {
        lineStart = pos;
        lineLength = length;
        fullLength = length;
        lineNumber++;
        pos = next;
        return true;
    }

    /** Skips to just past the next newline; returns the whole line's length. */
    private long skipRestOfLine(int alreadySeen) throws IOException {
        long length = alreadySeen;
        // the kept prefix moves to the buffer start so that it survives refills
        System.arraycopy(buf, pos, buf, 0, maxLineBytes);
        lineStart = 0;
        int keep = maxLineBytes;
        // bytes already read past the prefix move behind it
        int extra = limit - (pos + maxLineBytes);
        System.arraycopy(buf, pos + maxLineBytes, buf, keep, extra);
        limit = keep + extra;
        int tailFrom = limit;
        while (true) {
            int nl = indexOfNewline(tailFrom, limit);
            if (nl >= 0) {
                length += nl - tailFrom;
                // move what follows the line behind the kept prefix
                int rest = limit - (nl + 1);
                System.arraycopy(buf, nl + 1, buf, keep, rest);
                pos = keep;
                limit = keep + rest;
                return length;
            }
            length += limit - tailFrom;
            if (eof) {
                pos = keep;
                limit = keep;
                return length;
            }
            int n = in.read(buf, keep, buf.length - keep);
            if (n < 0) {
                eof = true;
                limit = keep;
                tailFrom = keep;
            } else {
                bytesRead += n;
                limit = keep + n;
                tailFrom = keep;
            }
        }
    }

    private void compactAndFill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            bytesRead += n;
            limit += n;
        }
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return lineStart;
    }

    public int length() {
        return lineLength;
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** True when the current line was longer than the bound and has been cut. */
    public boolean oversized() {
        return fullLength > lineLength;
    }

    /** The current line's length before it was cut. */
    public long fullLength() {
        return fullLength;
    }

    /** Bytes read from the stream so far. */
    public long bytesRead() {
        return bytesRead;
    }
}

package org.auditml.read.raw;

import java.nio.charset.StandardCharsets;

/**
 * Turns bytes from an audit log into text. Valid UTF-8 is decoded as is; each byte of an invalid sequence is
 * written as {@code \xNN} (lower-case hex), so nothing is lost and the original bytes can be told apart from
 * the text around them.
 */
public final class ByteText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ByteText() {
    }

    /** Decodes {@code len} bytes from {@code off}. */
    public static String decode(byte[] buf, int off, int len) {
        String text = ascii(buf, off, len);
        return text != null ? text : decodeNonAscii(buf, off, off + len);
    }

    /** The bytes as text when they are all ASCII, else null. */
    static String ascii(byte[] buf, int off, int len) {
        // the JDK's UTF-8 decoding finds ASCII with a vectorised scan and copies it into a compact string; one
        // character a byte and no replacement character means ASCII (a compact string has no U+FFFD to look for)
        String text = new String(buf, off, len, StandardCharsets.UTF_8);
        return text.length() == len && text.indexOf('\uFFFD') < 0 ? text : null;
    }

    private static String decodeNonAscii(byte[] buf, int off, int end) {
        StringBuilder out = new StringBuilder(end - off);
        int i = off;
        while (i < end) {
            int n = sequenceLength(buf, i, end);
            if (n > 0) {
                out.append(new String(buf, i, n, StandardCharsets.UTF_8));
                i += n;
            } else {
                int b = buf[i] & 0xff;
                out.append('\\').append('x').append(HEX[b >>> 4]).append(HEX[b & 0xf]);
                i++;
            }
        }
        return out.toString();
    }

    /** Length of the valid UTF-8 sequence at {@code i}, or 0 when the byte there does not start one. */
    private static int sequenceLength(byte[] buf, int i, int end) {
        int b = buf[i] & 0xff;
        if (b < 0x80) {
            return 1;
        }
        int n;
        int min;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int cp = b & (0xff >>> (n + 1));
        for (int k = 1; k < n; k++) {
            int c = buf[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return n;
    }

    /** Decodes {@code len} hex digits (either case, already checked) at {@code off} to bytes, then to text. */
    public static String decodeHex(byte[] buf, int off, int len) {
        byte[] bytes = new byte[len / 2];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) ((Character.digit(buf[off + 2 * k], 16) << 4) | Character.digit(buf[off + 2 * k + 1], 16));
        }
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes an even-length hex string (either case) to bytes, or returns null when {@code s} is not one.
     * Audit logs hex-encode values that contain spaces, quotes or control characters.
     */
    public static byte[] unhex(String s) {
        int n = s.length();
        if (n == 0 || (n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}

package org.auditml.read.ecs;

import org.auditml.read.raw.ByteText;

import java.nio.charset.StandardCharsets;

/**
 * A decoded SOCKADDR {@code saddr}: the kernel's binary {@code struct sockaddr} in hex. The family is in host
 * byte order (little-endian but for ppc64 and s390x), ports and addresses in network order.
 *
 * @param family {@code ipv4}, {@code ipv6}, {@code unix}, {@code netlink}, or the number as text
 */
record SocketAddress(String family, String address, Integer port, String path) {

    /** Decodes a saddr value, or null when it is not hex. */
    static SocketAddress parse(String saddrHex) {
        byte[] b = saddrHex == null ? null : ByteText.unhex(saddrHex);
        if (b == null || b.length < 2) {
            return null;
        }
        int le = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        int be = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        int family = isKnown(le) ? le : isKnown(be) ? be : le;
        switch (family) {
            case 2:
                if (b.length < 8) {
                    return new SocketAddress("ipv4", null, null, null);
                }
                return new SocketAddress("ipv4", (b[4] & 0xff) + "." + (b[5] & 0xff) + "." + (b[6] & 0xff) + "."
                        + (b[7] & 0xff), port(b), null);
            case 10:
                if (b.length < 24) {
                    return new SocketAddress("ipv6", null, null, null);
                }
                return new SocketAddress("ipv6", ipv6(b, 8), port(b), null);
            case 1: {
                int start = 2;
                int end = start;
                if (b.length > 2 && b[2] == 0) {
                    start = 3; // abstract socket: a NUL, then the name
                    end = start;
                }
                while (end < b.length && b[end] != 0) {
                    end++;
                }
                String path = new String(b, start, end - start, StandardCharsets.UTF_8);
                return new SocketAddress("unix", null, null, path.isEmpty() ? null : path);
            }
            case 16:
                return new SocketAddress("netlink", null, null, null);
            default:
                return new SocketAddress(Integer.toString(family), null, null, null);
        }
    }

    private static boolean isKnown(int family) {
        return family == 1 || family == 2 || family == 10 || family == 16;
    }

    private static int port(byte[] b) {
        return (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** RFC 5952 text: lower case, the longest run of two or more zero groups as {@code ::}. */
    static String ipv6(byte[] b, int off) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[off + 2 * i] & 0xff) << 8 | (b[off + 2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestStart == 0 && bestLen == 5 && g[5] == 0xffff) {
            // IPv4-mapped
            return "::ffff:" + (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}

package org.auditml.read.raw;

/**
 * The fields that auditd may hex-encode (FORMAT "encoded" in the audit field dictionary), plus EXECVE's
 * arguments {@code aN} and {@code aN[i]}. Such a value is hex when it is unquoted and even-length hex.
 */
final class EncodedFields {
    private EncodedFields() {
    }

    static boolean isEncoded(String key, String type) {
        // a switch on the name: this runs for every unquoted even-length value of every line
        switch (key) {
            case "acct", "addr", "apparmor", "cgroup", "cmd", "comm", "cwd", "data", "device", "dir", "exe", "file",
                    "grp", "invalid_context", "key", "name", "new-chardev", "new-disk", "new-fs", "new-net",
                    "new-rng", "ocomm", "old-chardev", "old-disk", "old-fs", "old-net", "old-rng", "path",
                    "proctitle", "vm", "watch" -> {
                return true;
            }
            case "saddr" -> {
                return false; // kept as hex: SocketAddress decodes the binary sockaddr itself
            }
            default -> {
                return "EXECVE".equals(type) && isArgKey(key);
            }
        }
    }

    /** {@code a0}, {@code a12}, {@code a1[0]}; not {@code a1_len}. */
    static boolean isArgKey(String key) {
        int n = key.length();
        if (n < 2 || key.charAt(0) != 'a') {
            return false;
        }
        int i = 1;
        while (i < n && Character.isDigit(key.charAt(i))) {
            i++;
        }
        if (i == 1) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (key.charAt(i) != '[' || key.charAt(n - 1) != ']') {
            return false;
        }
        for (int k = i + 1; k < n - 1; k++) {
            if (!Character.isDigit(key.charAt(k))) {
                return false;
            }
        }
        return n - 1 > i + 1;
    }
}

package org.auditml.flink.raw;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * The key of a raw line: its {@code node=} value, found as the reader's line parser finds it (before {@code type=},
 * up to the next blank), or "" for a line without one (the default host's, a JSON line, or no record at all).
 */
public final class RawLineNode implements KeySelector<String, String> {
    private static final String NODE = "node=";

    @Override
    public String getKey(String line) {
        return nodeOf(line);
    }

    static String nodeOf(String line) {
        int type = line.indexOf("type=");
        int node = type < 0 ? -1 : line.indexOf(NODE);
        if (node < 0 || node >= type) {
            return "";
        }
        int start = node + NODE.length();
        int end = line.indexOf(' ', start);
        return line.substring(start, end < 0 || end > type ? type : end);
    }
}

package org.auditml.beats;

/**
 * Limits against a client that sends too much: one frame's payload, what a compressed frame may inflate to, the
 * events of one window, the connections at once and how long a silent connection stays open.
 */
public record BeatsLimits(int maxFrameBytes, int maxDecompressedBytes, int maxWindowEvents, int maxConnections,
                          int idleSeconds, int keepAliveSeconds) {
    /** Graylog's and Logstash's sizes: 16 MiB frames, 64 MiB inflated, 60 s idle, ACK(0) every 5 s. */
    public static final BeatsLimits DEFAULT = new BeatsLimits(16 << 20, 64 << 20, 1 << 20, 1000, 60, 5);
}

package org.auditml.read;

import org.auditml.read.accounts.HostAccounts;

import java.util.Objects;

/**
 * How a reader groups and bounds its input.
 *
 * @param defaultHost    {@code host.name} for records without {@code node=} (the file's own host)
 * @param windowMillis   an event still open after the log has moved on by this much is closed (auditd: 2 s)
 * @param maxOpenEvents  cap on events held open at once; the oldest is closed beyond it
 * @param maxLineBytes   longer lines are cut to this length and reported
 * @param deferDetail    raw events leave their detail to be worked out when asked for
 *                       ({@link org.auditml.read.ecs.EventNormalizer#normalizeDeferringDetail})
 * @param accounts       each host's user and group names, for the ids of raw records that the log does not name
 */
public record ReaderOptions(String defaultHost, long windowMillis, int maxOpenEvents, int maxLineBytes,
                            boolean deferDetail, HostAccounts accounts) {

    public ReaderOptions(String defaultHost, long windowMillis, int maxOpenEvents, int maxLineBytes) {
        this(defaultHost, windowMillis, maxOpenEvents, maxLineBytes, false, HostAccounts.none());
    }

    public ReaderOptions {
        Objects.requireNonNull(accounts, "accounts");
        if (windowMillis < 0) {
            throw new IllegalArgumentException("windowMillis must not be negative: " + windowMillis);
        }
        if (maxOpenEvents < 1) {
            throw new IllegalArgumentException("maxOpenEvents must be at least 1: " + maxOpenEvents);
        }
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1024: " + maxLineBytes);
        }
    }

    /** auditd's 2 s window, 1024 open events, 1 MiB lines. */
    public static ReaderOptions defaults(String defaultHost) {
        return new ReaderOptions(defaultHost, 2000, 1024, 1 << 20);
    }

    /**
     * These options, with the detail of raw events deferred: for consumers that read a few fields of each event, as
     * storing and analysing do (an event's fields are the same either way).
     */
    public ReaderOptions deferringDetail() {
        return new ReaderOptions(defaultHost, windowMillis, maxOpenEvents, maxLineBytes, true, accounts);
    }

    /** These options, with these hosts' user and group names. */
    public ReaderOptions withAccounts(HostAccounts hostAccounts) {
        return new ReaderOptions(defaultHost, windowMillis, maxOpenEvents, maxLineBytes, deferDetail, hostAccounts);
    }

}

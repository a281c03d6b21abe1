package org.auditml.service.follow;

import org.auditml.read.accounts.HostAccounts;
import org.auditml.read.ecs.EventNormalizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows growing raw audit logs ({@code serve --follow}) into the store on a thread of its own: each path's new
 * whole lines are read every {@value #POLL_MILLIS} ms (at once while there is more), made into events as
 * {@code analyze} makes them, and stored with the position they reach, through rotation and restarts (see
 * {@link FollowedLog}).
 */
public final class FileFollower implements AutoCloseable {
    static final long POLL_MILLIS = 250;
    /** As auditd's end-of-event timeout and Auditbeat's reassembler: a log quiet this long has its last event whole. */
    static final long QUIET_MILLIS = 2000;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final List<FollowedLog> logs = new ArrayList<>();
    private final LongSupplier clock;
    private final Thread thread;
    private volatile boolean stopped;

    FileFollower(FollowStore store, List<Path> paths, String defaultHost, HostAccounts accounts, long quietMillis,
                 LongSupplier clock, Consumer<String> log) {
        this.clock = clock;
        EventNormalizer normalizer = EventNormalizer.withNames(accounts);
        Set<Path> distinct = new LinkedHashSet<>();
        paths.forEach(p -> distinct.add(p.toAbsolutePath().normalize()));
        Consumer<String> untilStopped = line -> {
            if (!stopped) {
                log.accept(line);
            }
        };
        for (Path p : distinct) {
            logs.add(new FollowedLog(p, store, defaultHost, normalizer, quietMillis, untilStopped));
        }
        this.thread = new Thread(this::run, "auditml-follow");
        thread.setDaemon(true);
    }

    /**
     * Starts following {@code paths} (each a log file, which may not exist yet); raw records without {@code node=}
     * are of {@code defaultHost}, their ids named by {@code accounts}; what the follower has to say goes to {@code log}.
     */
    public static FileFollower start(FollowStore store, List<Path> paths, String defaultHost, HostAccounts accounts,
                                     Consumer<String> log) {
        FileFollower follower = new FileFollower(store, paths, defaultHost, accounts, QUIET_MILLIS,
                System::currentTimeMillis, log);
        follower.thread.start();
        return follower;
    }

    /** One round over every path; whether any had something new. */
    boolean pollOnce() {
        boolean any = false;
        long now = clock.getAsLong();
        for (FollowedLog l : logs) {
            any |= l.poll(now);
        }
        return any;
    }

    /** Each followed path: the file read now, how far it is stored, and what the follower is doing. */
    public List<FollowedFile> files() {
        return logs.stream().map(FollowedLog::status).toList();
    }

    private void run() {
        while (!stopped) {
            if (!pollOnce()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return; // not interrupted by close: a read or a commit under way is let end
                }
            }
        }
    }

    /**
     * Stops following: the round under way ends (what it stored is whole, with its position). Does not wait for a
     * round that waits for the service's lock, which the caller may hold.
     */
    @Override
    public void close() {
        stopped = true;
        long until = System.nanoTime() + STOP_WAIT_MILLIS * 1_000_000;
        try {
            while (thread.isAlive() && thread.getState() != Thread.State.BLOCKED && System.nanoTime() < until) {
                thread.join(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (FollowedLog l : logs) {
            try {
                l.close();
            } catch (IOException e) {
                // a handle that does not close is let go with the process
            }
        }
    }
}

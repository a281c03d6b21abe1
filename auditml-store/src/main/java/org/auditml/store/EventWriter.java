package org.auditml.store;

import org.auditml.read.AuditEvent;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stores events on a thread and a connection of its own, so that reading and analysing go on while rows are
 * written. Events are handed over in small batches through a bounded queue (memory stays flat). Rows go through
 * DuckDB's appender into a staging table and from there into {@code events}, skipping identities (host, serial, time)
 * already stored: an anti-join against the stored events of the staged time range, as {@code events} has no index
 * (keeping one made the bulk inserts several times slower).
 *
 * <p>Made by {@link AuditStore#writer}; one writer per ingest, used from one thread.
 */
public final class EventWriter implements AutoCloseable {
    private static final int HANDOFF_EVENTS = 2048;
    /** Rows staged per insert into {@code events}: about one DuckDB row group. */
    private static final int INSERT_ROWS = 120_000;
    private static final List<AuditEvent> END = new ArrayList<>(0);
    private static final String MOVE_STAGED = "INSERT INTO events SELECT * FROM "
            + "(SELECT DISTINCT ON (ts, host, serial) * FROM staging) s WHERE NOT EXISTS (SELECT 1 FROM events e "
            + "WHERE e.ts BETWEEN ? AND ? AND e.ts = s.ts AND e.host = s.host AND e.serial = s.serial)";

    private final DuckDBConnection connection;
    private final String source;
    private final BlockingQueue<List<AuditEvent>> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private List<AuditEvent> batch = new ArrayList<>(HANDOFF_EVENTS);
    private volatile Throwable failure;
    /** Written by the writing thread, read after it has ended. */
    private long events;
    private long newEvents;
    private AuditStore.Ingest result;

    EventWriter(DuckDBConnection connection, String source) {
        this.connection = connection;
        this.source = source;
        this.thread = new Thread(this::write, "auditml-store");
        thread.setDaemon(true);
        thread.start();
    }

    /** Takes an event to store; blocks while the writing thread is behind. */
    public void accept(AuditEvent event) {
        batch.add(event);
        if (batch.size() == HANDOFF_EVENTS) {
            hand(batch);
            batch = new ArrayList<>(HANDOFF_EVENTS);
        }
    }

    /** Stores what is left, records the ingest, and says how many events were taken and how many were new. */
    public AuditStore.Ingest finish() {
        if (result != null) {
            return result;
        }
        if (!batch.isEmpty()) {
            hand(batch);
        }
        hand(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while storing events of " + source, e);
        }
        if (failure != null) {
            throw failed();
        }
        try (PreparedStatement log = connection.prepareStatement("INSERT INTO ingests VALUES (?, ?, ?, ?)")) {
            log.setString(1, source);
            log.setLong(2, events);
            log.setLong(3, newEvents);
            log.setLong(4, System.currentTimeMillis());
            log.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("ingest bookkeeping failed: " + e.getMessage(), e);
        }
        result = new AuditStore.Ingest(events, newEvents);
        return result;
    }

    private void hand(List<AuditEvent> events) {
        try {
            while (!queue.offer(events, 100, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    throw failed();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while storing events of " + source, e);
        }
    }

    private StoreException failed() {
        Throwable f = failure;
        return new StoreException("ingest of " + source + " failed: " + (f == null ? "the writer stopped" : f.getMessage()), f);
    }

    /** The writing thread. */
    private void write() {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS staging AS SELECT * FROM events WHERE false");
            s.execute("DELETE FROM staging");
            EventRows rows = new EventRows();
            Staged staged = new Staged();
            DuckDBAppender appender = connection.createAppender("temp", "main", "staging");
            try {
                for (List<AuditEvent> b = queue.take(); b != END; b = queue.take()) {
                    for (AuditEvent e : b) {
                        rows.append(appender, e);
                        staged.add(e.timestampMillis());
                    }
                    if (staged.rows >= INSERT_ROWS) {
                        appender.close();
                        moveStaged(s, staged);
                        appender = connection.createAppender("temp", "main", "staging");
                    }
                }
            } finally {
                appender.close();
            }
            moveStaged(s, staged);
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void moveStaged(Statement s, Staged staged) throws SQLException {
        if (staged.rows == 0) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(MOVE_STAGED)) {
            insert.setLong(1, staged.minTs);
            insert.setLong(2, staged.maxTs);
            newEvents += insert.executeUpdate();
        }
        s.execute("DELETE FROM staging");
        events += staged.rows;
        staged.clear();
    }

    /** What the staging table holds: rows and their time range. */
    private static final class Staged {
        long rows;
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;

        void add(long ts) {
            rows++;
            minTs = Math.min(minTs, ts);
            maxTs = Math.max(maxTs, ts);
        }

        void clear() {
            rows = 0;
            minTs = Long.MAX_VALUE;
            maxTs = Long.MIN_VALUE;
        }
    }

    /** Stops the writing thread if {@link #finish} was not called (what was not yet inserted is lost). */
    @Override
    public void close() {
        if (result == null && thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the writer's connection failed: " + e.getMessage(), e);
        }
    }
}

package org.auditml.store;

import org.auditml.read.AuditEvent;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Stores events on threads and a connection of its own, so that reading and analysing go on while rows are written.
 * Events are handed over in small batches through a bounded queue (memory stays flat). One thread writes their
 * columns as tab-separated lines into a chunk file beside the store and their originals into compressed {@link
 * TextBlocks}; another inserts each finished chunk (its blocks, then its rows with DuckDB's own CSV reader) in one
 * transaction while the next is written, and deletes the file. DuckDB's JDBC appender cost more CPU for the same
 * rows (measured when rows still carried the text).
 *
 * <p>Each identity (host, serial, time) is stored once: repeats within a chunk are left out as it is written, and a
 * chunk is inserted with an anti-join against the stored events of its time range, unless it lies past every stored
 * event, as it does for a log read in order. {@code events} has no index: keeping one made bulk inserts several
 * times slower. Made by {@link AuditStore#writer}; one writer per ingest, used from one thread.
 */
public final class EventWriter implements AutoCloseable {
    private static final int HANDOFF_EVENTS = 512;
    /**
     * Events per chunk: DuckDB's row group. A chunk of at least a row group is written straight to the table, a
     * smaller one through the write-ahead log first, which cost DuckDB more CPU in all; on two cores that
     * outweighed the longer wait for the last chunk, inserted after the input has ended.
     */
    static final int CHUNK_EVENTS = 122_880;
    private static final List<AuditEvent> END = new ArrayList<>(0);
    /** Chunk files beside the store are named so; one a killed run left is deleted by the next (see {@link #removeLeftovers}). */
    static final String CHUNK_PREFIX = "auditml-chunk-";
    static final String CHUNK_SUFFIX = ".tsv";

    private final DuckDBConnection connection;
    private final Path file;
    private final Path directory;
    private final String source;
    private final BlockingQueue<List<AuditEvent>> queue = new ArrayBlockingQueue<>(4);
    private final ExecutorService inserter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auditml-store-insert");
        t.setDaemon(true);
        return t;
    });
    private final Thread thread;
    private final int chunkEvents;
    /** A followed log's position, committed with the last chunk's rows (null: none). */
    private final FilePosition position;
    private List<AuditEvent> batch = new ArrayList<>(HANDOFF_EVENTS);
    private volatile Throwable failure;
    /** Set by {@link #finish} before the end is handed over (the queue makes it visible to the writing thread). */
    private IngestLoss loss = IngestLoss.NONE;
    /** Written by the writing thread, read after it has ended. */
    private long events;
    private long newEvents;
    private AuditStore.Ingest result;

    EventWriter(DuckDBConnection connection, Path file, Path directory, String source, int chunkEvents,
                FilePosition position) {
        this.connection = connection;
        this.position = position;
        this.file = file;
        this.chunkEvents = chunkEvents;
        this.directory = directory;
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
        return finish(IngestLoss.NONE);
    }

    /**
     * As {@link #finish()}, committing {@code loss} with the last of the events (in a transaction of its own when
     * the last chunk was inserted already, or there were no events).
     */
    public AuditStore.Ingest finish(IngestLoss loss) {
        if (result != null) {
            return result;
        }
        this.loss = loss;
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
        if (position != null) {
            result = new AuditStore.Ingest(events, newEvents); // the position says what was stored of the log
            return result;
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
        if (f instanceof java.util.concurrent.ExecutionException && f.getCause() != null) {
            f = f.getCause();
        }
        return f == null ? new StoreException("ingest of " + source + " failed: the writer stopped", null)
                : StoreException.of("storing the events of " + source, file, f);
    }

    /** The writing thread: events into chunk files, each handed to the inserter once full. */
    private void write() {
        Future<Long> pending = null;
        Chunk chunk = null;
        try {
            EventRows rows = new EventRows();
            oneThreadWhileIngesting(true);
            long highest = highestStored();
            long nextBlock = TextBlocks.nextId(connection);
            for (List<AuditEvent> b = queue.take(); b != END; b = queue.take()) {
                for (AuditEvent e : b) {
                    if (chunk == null) {
                        chunk = new Chunk(Files.createTempFile(directory, CHUNK_PREFIX, CHUNK_SUFFIX), highest, nextBlock,
                                chunkEvents);
                    }
                    chunk.add(rows, e);
                    events++;
                    if (chunk.rows == chunkEvents) {
                        highest = Math.max(highest, chunk.maxTs);
                        pending = insertAfter(pending, chunk, IngestLoss.NONE);
                        nextBlock = chunk.nextBlockId();
                        chunk = null;
                    }
                }
            }
            IngestLoss last = loss;
            boolean endInChunk = chunk != null;
            if (chunk != null) {
                chunk.position = position;
                pending = insertAfter(pending, chunk, last);
                chunk = null;
            }
            if (pending != null) {
                newEvents += pending.get();
            }
            if (!endInChunk && (position != null || !last.isEmpty())) {
                Transactions.run(connection, file, "recording the end of the ingest from " + source,
                        () -> writeEnd(last, position));
            }
        } catch (Throwable t) {
            failure = t;
            if (chunk != null) {
                chunk.delete();
            }
        } finally {
            inserter.shutdown();
        }
    }

    /** What an ingest commits with its last events: its read losses and a followed log's position. */
    private void writeEnd(IngestLoss loss, FilePosition position) throws SQLException {
        loss.write(connection);
        if (position != null) {
            FilePositions.put(connection, position);
        }
    }

    /** Waits for the previous insert (one chunk at most waits on disk), then queues this chunk's. */
    private Future<Long> insertAfter(Future<Long> previous, Chunk chunk, IngestLoss loss) throws Exception {
        chunk.close();
        if (previous != null) {
            newEvents += previous.get();
        }
        return inserter.submit(() -> {
            try {
                return insert(chunk, loss);
            } finally {
                chunk.delete();
            }
        });
    }

    /**
     * Inserts a chunk's blocks and rows, and the losses that came with them, in one transaction; blocks whose events
     * were all stored already go.
     */
    private long insert(Chunk chunk, IngestLoss loss) throws SQLException {
        boolean antiJoin = chunk.minTs <= chunk.storedBelow;
        connection.setAutoCommit(false);
        try (PreparedStatement blocks = connection.prepareStatement(TextBlocks.INSERT);
             PreparedStatement insert = connection.prepareStatement(EventRows.insertFrom(antiJoin))) {
            for (TextBlocks.Compressed b : chunk.blocks) {
                b.insert(blocks);
            }
            insert.setString(1, chunk.file.toString());
            if (antiJoin) {
                insert.setLong(2, chunk.minTs);
                insert.setLong(3, chunk.maxTs);
            }
            long inserted = insert.executeUpdate();
            if (antiJoin && !chunk.blocks.isEmpty()) {
                deleteUnused(chunk.blocks.get(0).id(), chunk.blocks.get(chunk.blocks.size() - 1).id());
            }
            writeEnd(loss, chunk.position);
            connection.commit();
            connection.setAutoCommit(true);
            return inserted;
        } catch (SQLException | RuntimeException e) {
            Transactions.undo(connection, e);
            throw e;
        }
    }

    private void deleteUnused(long firstBlock, long lastBlock) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM event_text WHERE block BETWEEN ? AND ? "
                + "AND block NOT IN (SELECT text_block FROM events WHERE text_block BETWEEN ? AND ?)")) {
            delete.setLong(1, firstBlock);
            delete.setLong(2, lastBlock);
            delete.setLong(3, firstBlock);
            delete.setLong(4, lastBlock);
            delete.executeUpdate();
        }
    }

    /**
     * DuckDB loads a chunk on one thread while this writer runs: its parallel CSV reading only competed with the
     * reader and the jobs for the machine's cores, and cost more CPU in all. The setting is the
     * database's, so it is reset when the writer closes.
     */
    private void oneThreadWhileIngesting(boolean on) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(on ? "SET threads = 1" : "RESET threads");
        }
    }

    private long highestStored() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(ts), -9223372036854775808) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A chunk file being written: its rows, their time range, the identities it holds, and the text blocks its rows
     * point into (its own only, so that a chunk goes in as one transaction).
     */
    private static final class Chunk {
        final Path file;
        /** The latest stored event (or written to an earlier chunk) when this chunk was begun. */
        final long storedBelow;
        private final OutputStream out;
        /** Lines not yet written out (they go out UTF-8 encoded, a few dozen kB at a time). */
        private final StringBuilder lines = new StringBuilder(1 << 16);
        private final Set<Key> keys;
        final List<TextBlocks.Compressed> blocks = new ArrayList<>();
        /** The followed log's position that goes in with this chunk (the last of its ingest), or null. */
        FilePosition position;
        int rows;
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;

        /** The block being filled. */
        private TextBlocks.Builder block;

        Chunk(Path file, long storedBelow, long firstBlock, int capacity) throws IOException {
            this.file = file;
            this.keys = new HashSet<>(capacity * 4 / 3 + 1); // sized for a whole chunk: no rehashing as it fills
            this.storedBelow = storedBelow;
            this.out = Files.newOutputStream(file);
            this.block = new TextBlocks.Builder(firstBlock);
        }

        void add(EventRows rows, AuditEvent e) throws IOException {
            long serial = EventIdentity.serial(e);
            if (!keys.add(new Key(e.timestampMillis(), EventIdentity.host(e), serial))) {
                return; // the same event twice in this chunk
            }
            byte[] text = EventRows.storableOriginal(e);
            rows.writeLine(lines, e, serial, text == null ? null : keep(text));
            if (lines.length() >= 1 << 15) {
                flushLines();
            }
            this.rows++;
            minTs = Math.min(minTs, e.timestampMillis());
            maxTs = Math.max(maxTs, e.timestampMillis());
        }

        /** Where {@code text} is kept: in the current block, or in a new one when it is full (that one is compressed). */
        private TextBlocks.Ref keep(byte[] text) {
            if (block.isFullFor(text.length)) {
                endBlock();
            }
            return block.append(text);
        }

        private void endBlock() {
            if (!block.isEmpty()) {
                blocks.add(block.compress());
                block = new TextBlocks.Builder(block.id() + 1);
            }
        }

        /** The id the next chunk's first block takes. */
        long nextBlockId() {
            return block.id();
        }

        private void flushLines() throws IOException {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            lines.setLength(0);
        }

        void close() throws IOException {
            endBlock();
            flushLines();
            out.close();
        }

        void delete() {
            try {
                out.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover chunk file is harmless
            }
        }
    }

    /**
     * Deletes the chunk files a killed run left beside the store (and the {@code ingest-<n>.tsv} of earlier auditml
     * versions): called once the store is open, whose lock keeps any other writer away. Returns how many went.
     */
    static int removeLeftovers(Path directory) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "{" + CHUNK_PREFIX + "*" + CHUNK_SUFFIX
                + ",ingest-[0-9]*.tsv}")) {
            for (Path f : files) {
                if (Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // what cannot be listed or deleted is harmless, and tried again at the next open
        }
        return removed;
    }

    private record Key(long ts, String host, long serial) {
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
        inserter.shutdownNow();
        try {
            inserter.awaitTermination(1, TimeUnit.MINUTES);
            oneThreadWhileIngesting(false);
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the writer's connection failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

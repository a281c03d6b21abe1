package org.auditml.store;

import com.github.luben.zstd.Zstd;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events' original text, kept in {@code event_text} as zstd-compressed blocks of about {@value #BLOCK_BYTES}
 * bytes: the originals of consecutive stored events, UTF-8, one after another. An event row points into its block
 * (text_block, text_start, text_length). Handing DuckDB the text as a column cost more CPU than reading the log
 * (its CSV reader and string compression over every byte); a block is one compressed blob, a fraction of its text.
 */
final class TextBlocks {
    static final int BLOCK_BYTES = 256 * 1024;
    /** zstd's fastest standard level: compressing costs little, and repetitive audit text still shrinks well. */
    private static final int LEVEL = 1;

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS event_text (block BIGINT NOT NULL, "
            + "raw_bytes INTEGER NOT NULL, data BLOB NOT NULL)";

    private TextBlocks() {
    }

    /** Where one event's original is: its block, and its bytes there. */
    record Ref(long block, int start, int length) {
    }

    /** A block being filled: the originals appended so far. */
    static final class Builder {
        private final long id;
        private byte[] bytes = new byte[BLOCK_BYTES + (BLOCK_BYTES >> 2)];
        private int length;

        Builder(long id) {
            this.id = id;
        }

        long id() {
            return id;
        }

        /** Whether {@code more} bytes would overflow this block (an empty block takes any text). */
        boolean isFullFor(int more) {
            return length > 0 && length + more > BLOCK_BYTES;
        }

        /** Appends the text, returning where it is. */
        Ref append(byte[] text) {
            if (length + text.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + text.length));
            }
            System.arraycopy(text, 0, bytes, length, text.length);
            int start = length;
            length += text.length;
            return new Ref(id, start, text.length);
        }

        boolean isEmpty() {
            return length == 0;
        }

        Compressed compress() {
            byte[] out = new byte[(int) Zstd.compressBound(length)];
            long n = Zstd.compressByteArray(out, 0, out.length, bytes, 0, length, LEVEL);
            if (Zstd.isError(n)) {
                throw new StoreException("compressing event text failed: " + Zstd.getErrorName(n), null);
            }
            return new Compressed(id, length, Arrays.copyOf(out, (int) n));
        }
    }

    /** A finished block, as stored. */
    record Compressed(long id, int rawBytes, byte[] data) {
        void insert(PreparedStatement insert) throws SQLException {
            insert.setLong(1, id);
            insert.setInt(2, rawBytes);
            insert.setBytes(3, data);
            insert.executeUpdate();
        }
    }

    static final String INSERT = "INSERT INTO event_text VALUES (?, ?, ?)";

    /** The next free block id. */
    static long nextId(Connection connection) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT coalesce(max(block), 0) + 1 FROM event_text");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Reads originals back, keeping the last {@value #CACHED} blocks decompressed: events read in the store's order
     * come mostly block after block, and a few files ingested side by side interleave a few blocks.
     */
    static final class Reader implements AutoCloseable {
        private static final int CACHED = 64;

        private final PreparedStatement select;
        private final Map<Long, byte[]> cache = new LinkedHashMap<>(CACHED * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > CACHED;
            }
        };

        Reader(Connection connection) throws SQLException {
            this.select = connection.prepareStatement("SELECT raw_bytes, data FROM event_text WHERE block = ?");
        }

        String text(long block, int start, int length) throws SQLException {
            byte[] bytes = cache.get(block);
            if (bytes == null) {
                bytes = load(block);
                cache.put(block, bytes);
            }
            return new String(bytes, start, length, StandardCharsets.UTF_8);
        }

        private byte[] load(long block) throws SQLException {
            select.setLong(1, block);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("the text of stored events is missing (block " + block + ")", null);
                }
                int rawBytes = rs.getInt(1);
                return Zstd.decompress(rs.getBytes(2), rawBytes);
            }
        }

        @Override
        public void close() throws SQLException {
            select.close();
        }
    }
}

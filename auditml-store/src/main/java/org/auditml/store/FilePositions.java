package org.auditml.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The positions of followed logs, one per followed path: written with the events they cover ({@link AuditStore#ingest(String, java.util.List, FilePosition)}). */
public final class FilePositions {
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS follow_positions (path VARCHAR PRIMARY KEY, "
            + "device BIGINT NOT NULL, inode BIGINT NOT NULL, head VARCHAR NOT NULL, file_offset BIGINT NOT NULL, "
            + "line BIGINT NOT NULL, events BIGINT NOT NULL, malformed_lines BIGINT NOT NULL)";

    private final Connection connection;

    FilePositions(Connection connection) {
        this.connection = connection;
    }

    /** The stored position of a followed path, if it was ever stored. */
    public Optional<FilePosition> of(String path) {
        try (PreparedStatement q = connection.prepareStatement("SELECT device, inode, head, file_offset, line, events, "
                + "malformed_lines FROM follow_positions WHERE path = ?")) {
            q.setString(1, path);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new FilePosition(path, rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the position of " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** Replaces a path's position, within the caller's transaction. */
    static void put(Connection connection, FilePosition p) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement("INSERT OR REPLACE INTO follow_positions VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?)")) {
            u.setString(1, p.path());
            u.setLong(2, p.device());
            u.setLong(3, p.inode());
            u.setString(4, p.head());
            u.setLong(5, p.offset());
            u.setLong(6, p.line());
            u.setLong(7, p.events());
            u.setLong(8, p.malformedLines());
            u.executeUpdate();
        }
    }
}

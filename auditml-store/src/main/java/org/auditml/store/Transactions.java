package org.auditml.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Undoing a transaction that failed, without hiding why it failed. */
final class Transactions {
    private Transactions() {
    }

    /**
     * Rolls back and returns the connection to auto-commit after {@code failure}; what goes wrong doing so (DuckDB
     * may have ended the transaction itself, as it does when a write fails) is kept beside the failure, not in its
     * place.
     */
    static void undo(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}

package org.auditml.store;

import java.nio.file.Path;
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

    /** Work that goes in whole or not at all. */
    interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one transaction on the store in {@code file}; a failure undoes it and says {@code what}. */
    static void run(Connection connection, Path file, String what, Work work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException e) {
                undo(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of(what, file, e);
        }
    }
}

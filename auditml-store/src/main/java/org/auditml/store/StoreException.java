package org.auditml.store;

import java.nio.file.Path;
import java.util.Locale;

/** The store could not do what was asked; the message says what and why. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure of {@code what} on the store in {@code file}, in plain words where DuckDB's are obscure: a full disk
     * is "no space left on device" with what is kept and what to do.
     */
    static StoreException of(String what, Path file, Throwable cause) {
        if (isDiskFull(cause)) {
            return new StoreException("no space left on device: " + file.toAbsolutePath().getParent() + " (" + what
                    + " failed; the store keeps what was committed before; free some space and run the same command "
                    + "again to complete it)", cause);
        }
        return new StoreException(what + " failed: " + cause.getMessage(), cause);
    }

    /** Whether the failure, or what it hides, is a full disk. */
    static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("no space left on device")) {
                return true;
            }
            for (Throwable s : c.getSuppressed()) {
                if (isDiskFull(s)) {
                    return true;
                }
            }
        }
        return false;
    }
}

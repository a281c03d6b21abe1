package org.auditml.store;

/** The store could not do what was asked; the message says what and why. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

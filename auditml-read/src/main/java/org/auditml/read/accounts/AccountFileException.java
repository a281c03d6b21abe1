package org.auditml.read.accounts;

/** A passwd or group file, or a directory of them, that was given but cannot be used: a usage error. */
public final class AccountFileException extends RuntimeException {
    public AccountFileException(String message) {
        super(message);
    }
}

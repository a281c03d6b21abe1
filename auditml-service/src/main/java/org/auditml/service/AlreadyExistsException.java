package org.auditml.service;

/** A request to create what already exists under that id (Elastic's resource_already_exists_exception, 400). */
public final class AlreadyExistsException extends RequestException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}

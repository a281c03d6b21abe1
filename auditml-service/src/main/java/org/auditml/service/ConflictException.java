package org.auditml.service;

/** A request that conflicts with the store's state, such as deleting a filter a job uses (Elastic's 409). */
public final class ConflictException extends RequestException {
    public ConflictException(String message) {
        super(message);
    }
}

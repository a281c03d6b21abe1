package org.auditml.service;

/** A request naming a filter, calendar, event or job the store does not have (Elastic's 404). */
public final class NotFoundException extends RequestException {
    public NotFoundException(String message) {
        super(message);
    }
}

package org.auditml.service;

/**
 * A request the service refuses before it writes anything: an unknown module, a file that is not there, a job and
 * datafeed that do not fit. The message says what is wrong and what to do.
 */
public class RequestException extends RuntimeException {
    public RequestException(String message) {
        super(message);
    }
}

package org.auditml.service;

/**
 * A request the service refuses before it writes anything: an unknown module, a file that is not there, a job and
 * datafeed that do not fit. The message says what is wrong and what to do; the kind says how an API reports it.
 */
public final class RequestException extends RuntimeException {
    /** How the request is wrong, as Elastic's API tells it apart. */
    public enum Kind {
        /** The request itself is wrong (HTTP 400). */
        BAD_REQUEST,
        /** It names a job, datafeed, snapshot, filter or calendar that does not exist (HTTP 404). */
        NOT_FOUND,
        /** It would make a job, datafeed, filter or calendar whose id is taken (HTTP 400, as Elastic says it). */
        ALREADY_EXISTS,
        /** It conflicts with what exists or with a state (an id already used, an open job) (HTTP 409). */
        CONFLICT
    }

    private final Kind kind;

    public RequestException(String message) {
        this(Kind.BAD_REQUEST, message);
    }

    public RequestException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static RequestException notFound(String message) {
        return new RequestException(Kind.NOT_FOUND, message);
    }

    static RequestException exists(String message) {
        return new RequestException(Kind.ALREADY_EXISTS, message);
    }

    static RequestException conflict(String message) {
        return new RequestException(Kind.CONFLICT, message);
    }
}

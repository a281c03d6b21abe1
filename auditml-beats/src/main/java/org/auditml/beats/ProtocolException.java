package org.auditml.beats;

/** The client broke the Lumberjack protocol or a limit; its connection is closed. */
final class ProtocolException extends RuntimeException {
    ProtocolException(String message) {
        super(message);
    }
}

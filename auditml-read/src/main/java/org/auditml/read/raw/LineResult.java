package org.auditml.read.raw;

/** The outcome of parsing one line: a record (perhaps with a warning about its body) or a rejection. */
public sealed interface LineResult {

    /** A parsed record; {@code warning} is null unless part of the body had to be guessed. */
    record Parsed(RawRecord record, String warning) implements LineResult {
    }

    /** A line that is not an audit record; {@code reason} says why. */
    record Rejected(String reason) implements LineResult {
    }
}

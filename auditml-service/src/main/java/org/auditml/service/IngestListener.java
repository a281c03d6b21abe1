package org.auditml.service;

import java.util.function.LongSupplier;

/**
 * Told how an ingest goes, for a progress display: when it starts (with live counters to poll) and which phase it is
 * in. Called on the ingesting thread; an implementation must return at once.
 */
public interface IngestListener {
    /** Listens to nothing. */
    IngestListener NONE = new IngestListener() {
    };

    /**
     * The ingest started.
     *
     * @param totalBytes the sources' size (0 when unknown, as for standard input)
     * @param bytesRead  bytes read so far (compressed, for gzip)
     * @param eventsRead events read so far
     */
    default void started(long totalBytes, LongSupplier bytesRead, LongSupplier eventsRead) {
    }

    /** What is being done now: "reading", "storing", "analysing". */
    default void phase(String phase) {
    }

    /** The ingest ended (also when it failed). */
    default void finished() {
    }
}

package org.auditml.service;

import java.nio.file.Path;

/**
 * What an ingest stored: the events read, how many of them were new to the store (each event is kept once), and how
 * many the store holds now.
 */
public record IngestSummary(Path store, long events, long newEvents, long storedEvents) {
}

package org.auditml.beats;

import java.util.List;

/** One window a Beat sent: its events' JSON texts and the sequence number that acknowledges them all. */
record Batch(List<String> events, long lastSeq) {
}

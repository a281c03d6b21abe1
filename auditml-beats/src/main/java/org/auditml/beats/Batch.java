package org.auditml.beats;

import java.util.List;

/**
 * One window a Beat sent: the protocol version it came in ('1' or '2', which its ACKs must carry too), its events' JSON
 * texts and each event's sequence number (the seq that acknowledges it and every event before it in the window).
 */
record Batch(byte version, List<String> events, long[] seqs) {
    /** The seq that acknowledges the whole window; 0 for an empty one. */
    long lastSeq() {
        return seqs.length == 0 ? 0 : seqs[seqs.length - 1];
    }
}

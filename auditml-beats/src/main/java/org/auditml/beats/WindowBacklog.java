package org.auditml.beats;

import java.util.concurrent.atomic.AtomicInteger;

/** The windows read from all Beats and not yet wholly stored: what back-pressure keeps small. */
final class WindowBacklog {
    private final AtomicInteger windows = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    void added() {
        peak.accumulateAndGet(windows.incrementAndGet(), Math::max);
    }

    void removed(int count) {
        windows.addAndGet(-count);
    }

    /** The most windows that were waiting at once. */
    int peak() {
        return peak.get();
    }
}

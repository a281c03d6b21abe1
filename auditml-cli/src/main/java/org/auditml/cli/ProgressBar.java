package org.auditml.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on standard error, redrawn by a thread of its own a few times a second from counters the
 * work updates ({@code bytes} of {@code totalBytes}, {@code events}). Shown only on a terminal; {@link #none()} draws
 * nothing, for output to files, pipes and tests.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_MILLIS = 200;

    final AtomicLong bytes = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    private final long totalBytes;
    private final PrintStream out;
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile String phase = "reading";

    private ProgressBar(long totalBytes, PrintStream out) {
        this.totalBytes = totalBytes;
        this.out = out;
        if (out == null) {
            thread = null;
            return;
        }
        thread = new Thread(this::redraw, "auditml-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** A bar on standard error when there is a terminal, else one that draws nothing. */
    static ProgressBar onTerminal(long totalBytes) {
        return System.console() != null ? new ProgressBar(totalBytes, System.err) : none();
    }

    static ProgressBar none() {
        return new ProgressBar(0, null);
    }

    /** Names what is being done now ("storing", "analysing"). */
    void phase(String phase) {
        this.phase = phase;
    }

    private void redraw() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(REDRAW_MILLIS);
                out.print('\r' + line());
                out.flush();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    String line() {
        double done = totalBytes > 0 ? Math.min(1.0, bytes.get() / (double) totalBytes) : 0;
        int filled = (int) Math.round(done * WIDTH);
        return String.format(Locale.ROOT, "%-9s [%s%s] %3.0f%%  %,d events  %.0f s ", phase, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done * 100, events.get(), (System.nanoTime() - startNanos) / 1e9);
    }

    /** Stops drawing and clears the line. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.print('\r' + " ".repeat(line().length()) + '\r');
        out.flush();
    }
}

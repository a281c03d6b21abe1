package org.auditml.cli;

import org.auditml.service.IngestListener;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error, redrawn by a thread of its own a few times a second from the counters an
 * ingest reports (bytes read of the total, events). Shown only on a terminal; {@link #none()} draws nothing, for
 * output to files, pipes and tests.
 */
final class ProgressBar implements IngestListener, AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_MILLIS = 200;

    private final PrintStream out;
    private volatile long totalBytes;
    private volatile LongSupplier bytes = () -> 0;
    private volatile LongSupplier events = () -> 0;
    private Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile String phase = "reading";

    private ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A bar on standard error when there is a terminal, else one that draws nothing. */
    static ProgressBar onTerminal() {
        return System.console() != null ? new ProgressBar(System.err) : none();
    }

    static ProgressBar none() {
        return new ProgressBar(null);
    }

    @Override
    public void started(long totalBytes, LongSupplier bytesRead, LongSupplier eventsRead) {
        this.totalBytes = totalBytes;
        this.bytes = bytesRead;
        this.events = eventsRead;
        if (out != null && thread == null) {
            thread = new Thread(this::redraw, "auditml-progress");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void phase(String phase) {
        this.phase = phase;
    }

    @Override
    public void finished() {
        close();
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
        double done = totalBytes > 0 ? Math.min(1.0, bytes.getAsLong() / (double) totalBytes) : 0;
        int filled = (int) Math.round(done * WIDTH);
        return String.format(Locale.ROOT, "%-9s [%s%s] %3.0f%%  %,d events  %.0f s ", phase, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done * 100, events.getAsLong(), (System.nanoTime() - startNanos) / 1e9);
    }

    /** Stops drawing and clears the line. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        Thread drawing = thread;
        thread = null;
        drawing.interrupt();
        try {
            drawing.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.print('\r' + " ".repeat(line().length()) + '\r');
        out.flush();
    }
}

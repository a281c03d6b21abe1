package org.auditml.cli;

import org.auditml.engine.job.ConfigException;
import org.auditml.service.RequestException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ConcurrentModificationException;

/**
 * How a failure reaches the user. A mistake of theirs (a bad config, an unknown module, a path that cannot be
 * written) is one line saying what is wrong and what to do; a failure while working (a store that cannot be opened,
 * a disk that is full) is that line and a hint; a fault of auditml's own says so, with its version and the trace to
 * report. Stack traces otherwise only with --debug.
 */
final class UserError {
    private UserError() {
    }

    static void print(Exception e, PrintWriter err, boolean debug) {
        if (isMistake(e)) {
            err.println("error: " + e.getMessage());
        } else if (isInternal(e)) {
            err.println("internal error in " + Main.VERSION + ": " + e + " (a fault of auditml's; please report it "
                    + "with the trace below)");
            e.printStackTrace(err);
            err.flush();
            return;
        } else {
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            err.println("error: " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
            if (!debug) {
                err.println("(run again with --debug for the details)");
            }
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    static int exitCode(Exception e) {
        if (e instanceof OutputFile.CannotWrite w) {
            return w.beforeWork ? ExitCode.REFUSED : ExitCode.INCOMPLETE;
        }
        return e instanceof ConfigException || e instanceof RequestException ? ExitCode.REFUSED : ExitCode.INCOMPLETE;
    }

    private static boolean isMistake(Exception e) {
        return e instanceof ConfigException || e instanceof RequestException || e instanceof OutputFile.CannotWrite;
    }

    /** The exceptions that only a bug in auditml throws. */
    private static boolean isInternal(Exception e) {
        return e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException
                || e instanceof IllegalStateException || e instanceof IllegalArgumentException
                || e instanceof UnsupportedOperationException || e instanceof ConcurrentModificationException;
    }
}

package org.auditml.cli;

import org.auditml.engine.job.ConfigException;
import org.auditml.service.RequestException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** How a failure reaches the user: one or two lines saying what is wrong; the stack trace only with --debug. */
final class UserError {
    private UserError() {
    }

    static void print(Exception e, PrintWriter err, boolean debug) {
        if (e instanceof ConfigException || e instanceof RequestException) {
            err.println("error: " + e.getMessage());
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
        return e instanceof ConfigException || e instanceof RequestException ? Main.REFUSED : Main.FAILED;
    }
}

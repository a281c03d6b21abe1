package org.auditml.cli;

import org.auditml.read.ReadReport;

/**
 * auditml's exit codes, one rule for every command: 0 when all input was read and all output written; 1 when some
 * input was unreadable or rejected (counted in the warnings), or an output could not be written, or the work failed;
 * 2 for a usage or configuration error, refused before anything was done.
 */
final class ExitCode {
    static final int OK = 0;
    static final int INCOMPLETE = 1;
    static final int REFUSED = 2;
    /** The text {@code --help} shows. */
    static final String[] LIST = {
            "0:all input was read and all output written",
            "1:some input was unreadable or rejected (see the warnings), an output could not be written, or the work failed",
            "2:a usage or configuration error; nothing was done"};

    private ExitCode() {
    }

    /** 0 when the report has no problem, else 1. */
    static int of(ReadReport report) {
        return report.problemCount() == 0 ? OK : INCOMPLETE;
    }
}

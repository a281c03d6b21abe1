package org.auditml.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The command line run as a user runs it, with its output and errors kept for the test. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(out, err, args);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

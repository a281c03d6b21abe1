package org.auditml.read;

import java.io.BufferedInputStream;
import java.io.IOException;

/** The formats a reader recognises from the first bytes of its input. */
public enum InputFormat {
    /** auditd's audit.log lines. */
    RAW,
    /** Auditbeat's JSON output, one event a line. */
    AUDITBEAT_JSON;

    private static final int PEEK = 4096;

    /** Looks at the first non-blank byte: '{' means JSON. The stream must support mark/reset. */
    public static InputFormat detect(BufferedInputStream in) throws IOException {
        in.mark(PEEK);
        try {
            for (int i = 0; i < PEEK; i++) {
                int b = in.read();
                if (b < 0) {
                    return RAW;
                }
                if (b == '{') {
                    return AUDITBEAT_JSON;
                }
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return RAW;
                }
            }
            return RAW;
        } finally {
            in.reset();
        }
    }
}

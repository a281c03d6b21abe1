package org.auditml.flink;

import org.auditml.read.OriginalText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The lines of audit files as the job reads them: a rotated {@code .gz} log is read decompressed. */
final class AuditFileLines {
    private AuditFileLines() {
    }

    static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Whether any line of the files is not Auditbeat JSON (a raw record): then the raw stage must read them. */
    static boolean holdRawLines(List<Path> files) throws IOException {
        for (Path file : files) {
            try (BufferedReader in = open(file)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank() && !OriginalText.isJson(line)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

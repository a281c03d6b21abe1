package org.auditml.read.conformance;

import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawLineParser;
import org.auditml.read.raw.RawRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the conformance tests: corpus files read in place, line by line, as raw bytes. */
final class CorpusLines {
    private CorpusLines() {
    }

    /** The lines of a file as bytes, split on '\n' (a missing final newline is fine; no empty last line). */
    static List<byte[]> lines(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i > start || i < all.length) {
                    lines.add(java.util.Arrays.copyOfRange(all, start, i));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** Parses one line with a fresh {@link RawLineParser}. */
    static LineResult parse(byte[] line, long lineNumber) {
        return new RawLineParser().parse(line, 0, line.length, lineNumber);
    }

    static LineResult parse(String line) {
        return parse(line.getBytes(StandardCharsets.UTF_8), 1);
    }

    /** The record of a line that must parse. */
    static RawRecord record(byte[] line, long lineNumber) {
        LineResult r = parse(line, lineNumber);
        if (r instanceof LineResult.Parsed p) {
            return p.record();
        }
        throw new AssertionError("line " + lineNumber + " rejected: " + ((LineResult.Rejected) r).reason()
                + ": " + new String(line, StandardCharsets.UTF_8));
    }

    /** auparse's event time text, {@code sec.ms:serial}. */
    static String auditTime(long timeMillis, long serial) {
        return String.format("%d.%03d:%d", Math.floorDiv(timeMillis, 1000), Math.floorMod(timeMillis, 1000), serial);
    }
}

package org.auditml.service.alert;

import org.auditml.store.AlertTable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each alert as one JSON line to a file, synced to disk before it counts as delivered. */
final class NdjsonSink implements AlertSink {
    private final Path file;

    NdjsonSink(Path file) {
        this.file = file;
    }

    @Override
    public void deliver(AlertTable.Alert alert) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer line = ByteBuffer.wrap((alert.body() + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                out.write(line);
            }
            out.force(true);
        }
    }
}

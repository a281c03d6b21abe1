package org.auditml.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One file of raw records and Auditbeat JSON lines in time order, as the reader allows (each line read in its own
 * format): the demo fleet's raw log and its Docker host's Auditbeat events together, each raw event's lines kept
 * together.
 */
final class MixedLog {
    private MixedLog() {
    }

    static void write(Path rawLog, Path auditbeat, Path out) throws IOException {
        record Block(long time, List<String> lines) {
        }
        List<Block> blocks = new ArrayList<>();
        String event = null;
        for (String line : Files.readAllLines(rawLog, StandardCharsets.UTF_8)) {
            int open = line.indexOf("audit(") + "audit(".length();
            String header = line.substring(open, line.indexOf(')', open));
            String thisEvent = line.substring(0, line.indexOf(' ')) + header;
            if (!thisEvent.equals(event)) {
                blocks.add(new Block(Long.parseLong(header.substring(0, header.indexOf(':')).replace(".", "")),
                        new ArrayList<>()));
                event = thisEvent;
            }
            blocks.get(blocks.size() - 1).lines().add(line);
        }
        for (String line : Files.readAllLines(auditbeat, StandardCharsets.UTF_8)) {
            String stamp = line.substring(line.indexOf("\"@timestamp\":\"") + 14);
            blocks.add(new Block(Instant.parse(stamp.substring(0, stamp.indexOf('"'))).toEpochMilli(), List.of(line)));
        }
        blocks.sort(Comparator.comparingLong(Block::time)); // stable: each file's own order at equal times
        List<String> lines = new ArrayList<>();
        blocks.forEach(b -> lines.addAll(b.lines()));
        Files.write(out, lines, StandardCharsets.UTF_8);
    }
}

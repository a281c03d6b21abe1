package org.auditml.flink.raw;

import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawLineParser;
import org.auditml.testkit.Corpus;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A line's key is the node the reader's parser gives its record ("" for none): every line of the corpus and the demo fleet. */
class RawLineNodeTest {

    @Test
    void theKeyOfEveryLineIsItsRecordsNode(@TempDir Path dir) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Corpus.root())) {
            files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt"))
                    .forEach(logs::add);
        }
        logs.add(DemoFleet.write(dir, 2026).rawLog());
        RawParser parser = new RawParser();
        Set<String> nodes = new HashSet<>();
        long records = 0;
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                String node = parser.node(line);
                if (node != null) {
                    assertThat(RawLineNode.nodeOf(line)).as("%s: %s", log, line).isEqualTo(node);
                    nodes.add(node);
                    records++;
                }
            }
        }
        assertThat(records).isGreaterThan(100_000);
        assertThat(nodes).contains("", "web-01", "bastion-01");
    }

    /** The reader's parser: a record's node ("" without one), or null for a line that is no record. */
    private static final class RawParser {
        private final RawLineParser parser = new RawLineParser();

        String node(String line) {
            byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
            if (parser.parse(b, 0, b.length, 0) instanceof LineResult.Parsed parsed) {
                return parsed.record().node() == null ? "" : parsed.record().node();
            }
            return null;
        }
    }
}

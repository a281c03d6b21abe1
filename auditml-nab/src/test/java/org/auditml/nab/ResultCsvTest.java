package org.auditml.nab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultCsvTest {
    @TempDir
    Path dir;

    @Test
    void writeThenRead_keepsRowsValuesAndScoresExactly() throws IOException {
        NabCorpus corpus = NabCorpus.load(new TinyNab(dir.resolve("nab")).file("cat/a.csv", 20).write());
        double[] scores = new double[20];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i / 19.0 * Math.PI / 4;
        }
        Path results = dir.resolve("results");

        ResultCsv.writeDetector(results, "ours", corpus, Map.of("cat/a.csv", scores));

        Path csv = results.resolve("ours/cat/ours_a.csv");
        assertThat(ResultCsv.path(results, "ours", "cat/a.csv")).isEqualTo(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(21);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(lines.get(1)).startsWith("2020-01-01 00:00:00,0.0,");
        assertThat(lines.get(2)).startsWith("2020-01-01 00:05:00,1,");
        assertThat(ResultCsv.readDetector(results, "ours", corpus).get("cat/a.csv")).containsExactly(scores);
    }

    @Test
    void read_findsColumnsByName_andReadDetectorChecksTimestamps() throws IOException {
        NabCorpus corpus = NabCorpus.load(new TinyNab(dir.resolve("nab")).file("cat/a.csv", 2).write());
        Path csv = dir.resolve("results/nab/cat/nab_a.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "timestamp,value,anomaly_score,raw_score,label\n"
                + "2020-01-01 00:00:00,0,0.25,1.0,0\n2020-01-01 00:06:00,1,0.5,1.0,0\n");

        assertThat(ResultCsv.read(csv).anomalyScores()).containsExactly(0.25, 0.5);
        assertThatThrownBy(() -> ResultCsv.readDetector(dir.resolve("results"), "nab", corpus))
                .hasMessageContaining("row 3 is stamped 2020-01-01 00:06:00");
    }
}

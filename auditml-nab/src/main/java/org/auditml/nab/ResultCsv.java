package org.auditml.nab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-file detector results in NAB's CSV format: {@code results/<detector>/<category>/<detector>_<file>.csv} with a
 * header naming at least {@code timestamp} and {@code anomaly_score} (NAB's own files carry more columns). We write
 * {@code timestamp,value,anomaly_score}, one row per data row, in file order.
 */
public final class ResultCsv {
    private ResultCsv() {
    }

    /** The timestamps and anomaly scores of one result file, rows in file order. */
    public record Rows(List<String> timestamps, double[] anomalyScores) {
    }

    /** Where NAB keeps a detector's result for a corpus file: {@code <detector>/<category>/<detector>_<file>}. */
    public static Path path(Path resultsRoot, String detector, String relativeFile) {
        int slash = relativeFile.lastIndexOf('/');
        String category = relativeFile.substring(0, slash);
        String file = relativeFile.substring(slash + 1);
        return resultsRoot.resolve(detector).resolve(category).resolve(detector + "_" + file);
    }

    /** Reads one result file (columns found by header name). */
    public static Rows read(Path csv) {
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException("empty file");
            }
            List<String> columns = Arrays.asList(header.strip().split(",", -1));
            int timeColumn = column(columns, "timestamp");
            int scoreColumn = column(columns, "anomaly_score");
            List<String> times = new ArrayList<>();
            double[] scores = new double[1024];
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns.size()) {
                    throw new IOException("row " + (times.size() + 2) + " has " + cells.length + " cells, header "
                            + columns.size());
                }
                if (times.size() == scores.length) {
                    scores = Arrays.copyOf(scores, scores.length * 2);
                }
                scores[times.size()] = Double.parseDouble(cells[scoreColumn].strip());
                times.add(cells[timeColumn].strip());
            }
            return new Rows(List.copyOf(times), Arrays.copyOf(scores, times.size()));
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException(new IOException("cannot read NAB result " + csv + ": " + e.getMessage(), e));
        }
    }

    /**
     * Reads a detector's results for every corpus file, checking that each has one row per data row with the same
     * timestamp.
     */
    public static Map<String, double[]> readDetector(Path resultsRoot, String detector, NabCorpus corpus) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String name : corpus.fileNames()) {
            Path csv = path(resultsRoot, detector, name);
            Rows rows = read(csv);
            DataFile data = corpus.file(name);
            if (rows.timestamps().size() != data.rowCount()) {
                throw new IllegalArgumentException(csv + ": " + rows.timestamps().size() + " rows, data has "
                        + data.rowCount());
            }
            for (int i = 0; i < data.rowCount(); i++) {
                if (!rows.timestamps().get(i).equals(data.timestamp(i))) {
                    throw new IllegalArgumentException(csv + ": row " + (i + 2) + " is stamped "
                            + rows.timestamps().get(i) + ", data row " + data.timestamp(i));
                }
            }
            scores.put(name, rows.anomalyScores());
        }
        return scores;
    }

    /** Writes {@code timestamp,value,anomaly_score} for every row of {@code data}; values as written in the data. */
    public static void write(Path csv, DataFile data, double[] anomalyScores) {
        if (anomalyScores.length != data.rowCount()) {
            throw new IllegalArgumentException(data.relativePath() + ": " + anomalyScores.length
                    + " anomaly scores for " + data.rowCount() + " rows");
        }
        try {
            Path parent = csv.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (BufferedWriter out = Files.newBufferedWriter(csv)) {
                out.write("timestamp,value,anomaly_score\n");
                for (int i = 0; i < data.rowCount(); i++) {
                    out.write(data.timestamp(i));
                    out.write(',');
                    out.write(data.valueText(i));
                    out.write(',');
                    out.write(Double.toString(anomalyScores[i])); // shortest text that reads back to the same double
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
    }

    /** Writes a detector's results for every file in {@code anomalyScores} under NAB's layout. */
    public static void writeDetector(Path resultsRoot, String detector, NabCorpus corpus,
                                     Map<String, double[]> anomalyScores) {
        anomalyScores.forEach((name, scores) -> write(path(resultsRoot, detector, name), corpus.file(name), scores));
    }

    private static int column(List<String> columns, String name) throws IOException {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IOException("no " + name + " column in header " + columns);
        }
        return i;
    }
}

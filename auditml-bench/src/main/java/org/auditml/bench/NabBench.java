package org.auditml.bench;

import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.auditml.nab.DataFile;
import org.auditml.nab.NabCorpus;
import org.auditml.nab.NabResult;
import org.auditml.nab.NabScorer;
import org.auditml.nab.ProfileScore;
import org.auditml.nab.ResultCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code auditml bench nab}: streams every NAB series through one detector configuration (the same for all files, as
 * NAB requires), writes NAB's result files ({@code DIR/<category>/<file>.csv}: timestamp, value, anomaly_score in
 * [0, 1], one row per input row, in order) and scores them with auditml-nab's implementation of NAB's rules.
 *
 * <p>The configuration: {@code mean(value)} in 1-minute buckets, so that each row (NAB's data is sampled every 5
 * minutes or slower) has its own bucket, which closes a minute after the row: no look-ahead. The detector uses
 * auditml's contextual model ({@code auditml_model}, see {@link org.auditml.engine.model.ContextualModel}). Its
 * settings are the same for every file; what differs per file is only what NAB's harness passes to every detector:
 * the file's min and max value ({@code value_range}) and its probation length, of which the rest after an alert is
 * a fifth ({@code rest_buckets}, as NAB runs CAD OSE). A row's anomaly score is its bucket's record score / 100.
 */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = "Scores auditml's metric detector on the Numenta Anomaly Benchmark (all three profiles).")
final class NabBench implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The one configuration; {@code %s} are NAB's per-file inputs: min, max, probation / 5. */
    static final String DETECTOR = """
            {"description": "auditml NAB configuration", "analysis_config": {"bucket_span": "1m",
              "detectors": [{"function": "mean", "field_name": "value",
                "auditml_model": {"type": "contextual", "value_range": [%s, %s], "rest_buckets": %d}}]}}
            """;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--data", required = true, description = "NAB's data directory (…/nab/data).")
    Path data;

    @Option(names = "--out", required = true, description = "Where to write the result files.")
    Path out;

    private record Row(long timestampMillis, String value) implements EventView {
        @Override
        public String field(String name) {
            return "value".equals(name) ? value : null;
        }
    }

    @Option(names = "--per-file", description = "Also print each file's raw score, windows detected and false "
            + "positives under the standard profile's threshold.")
    boolean perFile;

    @Override
    public Integer call() {
        java.io.PrintWriter print = spec.commandLine().getOut();
        Path root = data.toAbsolutePath().normalize().getFileName().toString().equals("data")
                ? data.toAbsolutePath().normalize().getParent() : data;
        NabCorpus corpus = NabCorpus.load(root);
        Map<String, double[]> scores = new TreeMap<>();
        long start = System.nanoTime();
        for (String name : corpus.fileNames()) {
            scores.put(name, runFile(corpus, name, out));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        NabScorer scorer = new NabScorer(corpus);
        NabResult result = scorer.score(scores);
        print.printf(Locale.ROOT, "NAB: %d files streamed through %s in %.1f s; results in %s%n",
                corpus.fileNames().size(), "mean(value), 1m buckets, contextual model", seconds, out);
        for (ProfileScore p : result.profiles().values()) {
            print.printf(Locale.ROOT, "  %-20s %6.2f   (threshold %.4f, %d windows detected, %d false positive rows)%n",
                    p.profile(), p.normalisedScore(), p.threshold(), p.detectedWindows(), p.falsePositives());
        }
        if (perFile) {
            double threshold = result.profile("standard").threshold();
            scores.forEach((name, s) -> {
                var raw = scorer.scoreFile(name, s, corpus.profiles().get("standard"), threshold);
                print.printf(Locale.ROOT, "  %-60s %7.3f  %d windows, %d false positives%n", name,
                        raw.rawScore(), raw.detectedWindows(), raw.falsePositives());
            });
        }
        print.println("  published for reference: Numenta HTM 70.10 / 63.12 / 74.32, CAD OSE 69.9 / 67.0 / 73.2, "
                + "Random Cut Forest 51.7 (standard)");
        return 0;
    }

    /** Streams one file through a fresh job and writes its result file under {@code out}; returns the scores. */
    static double[] runFile(NabCorpus corpus, String name, Path out) {
        DataFile file = corpus.file(name);
        double[] scores = detect(configuration(file), file);
        ResultCsv.write(out.resolve(name), file, scores);
        return scores;
    }

    /** The configuration for a file: NAB's harness tells every detector the file's value range and probation. */
    static Job configuration(DataFile file) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < file.rowCount(); i++) {
            min = Math.min(min, file.value(i));
            max = Math.max(max, file.value(i));
        }
        return JobParser.parse(String.format(Locale.ROOT, DETECTOR, min, max, file.probationLength() / 5), "nab");
    }

    /** One score per row: the record score of the row's bucket, known a minute after the row. */
    static double[] detect(Job config, DataFile file) {
        AnomalyJob job = new AnomalyJob(config);
        double[] scores = new double[file.rowCount()];
        Map<Long, Integer> rowOfBucket = new TreeMap<>();
        long span = config.analysisConfig().bucketSpan().toMillis();
        for (int i = 0; i < file.rowCount(); i++) {
            long t = LocalDateTime.parse(file.timestamp(i), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            rowOfBucket.put(Math.floorDiv(t, span) * span, i);
            apply(job.accept(new Row(t, file.valueText(i))), rowOfBucket, scores);
            apply(job.advanceTo(Math.floorDiv(t, span) * span + span), rowOfBucket, scores);
        }
        apply(job.flush(), rowOfBucket, scores);
        return scores;
    }

    private static void apply(List<Result> results, Map<Long, Integer> rowOfBucket, double[] scores) {
        for (Result r : results) {
            if (r instanceof AnomalyRecord rec) {
                Integer row = rowOfBucket.get(rec.timestamp());
                if (row != null) {
                    scores[row] = Math.max(scores[row], Math.min(1.0, rec.recordScore() / 100));
                }
            }
        }
    }
}

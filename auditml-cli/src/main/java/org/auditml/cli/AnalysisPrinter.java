package org.auditml.cli;

import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.score.Severity;
import org.auditml.read.ParseProblem;
import org.auditml.read.ReadReport;
import org.auditml.service.AnalysisReport;
import org.auditml.service.ResultDocuments;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Prints what an analysis did, and its anomalies ranked by score with their reasons, as analyze and demo show them. */
final class AnalysisPrinter {
    private final PrintWriter out;
    private final PrintWriter err;

    AnalysisPrinter(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Prints the report: what was read and stored, what ran, the ranked anomalies (at most {@code top}, scoring at
     * least {@code minScore}); with {@code results}, writes every result document there. Returns the exit code.
     */
    int print(AnalysisReport report, int top, double minScore, Path resultsPath, OutputFile results) {
        problems(report.read(), err);
        out.printf(Locale.ROOT, "read %d events from %d file(s); %d new in %s (%d stored)%n", report.ingest().events(),
                report.read().sources().size(), report.ingest().newEvents(), report.ingest().store(),
                report.ingest().storedEvents());
        if (!report.ranJobs()) {
            err.println("error: no module matches these events and no --job was given; see 'auditml modules'");
            return ExitCode.INCOMPLETE;
        }
        out.println("running: " + String.join(", ", report.ran()));
        report.warnings().forEach(w -> err.println("warning: " + w));
        out.printf(Locale.ROOT, "read, stored and analysed (%d job(s) on the events as read) in %.1f s; "
                        + "jobs run from the store in %.1f s%n", report.liveJobs(), report.readTime().toNanos() / 1e9,
                report.fromStoreTime().toNanos() / 1e9);
        ranked(report.results().stream().filter(r -> r instanceof AnomalyRecord).map(r -> (AnomalyRecord) r).toList(),
                top, minScore);
        if (results != null) {
            try {
                Writer w = new OutputStreamWriter(results.stream(), StandardCharsets.UTF_8);
                ResultDocuments.write(report.results(), w);
                w.flush();
                results.commit();
            } catch (IOException e) {
                throw new OutputFile.CannotWrite(resultsPath, e);
            }
            out.println("all result documents: " + resultsPath);
        }
        return ExitCode.of(report.read());
    }

    private void ranked(List<AnomalyRecord> records, int top, double minScore) {
        List<AnomalyRecord> ranked = records.stream()
                .sorted(Comparator.comparingDouble(AnomalyRecord::recordScore).reversed()
                        .thenComparingLong(AnomalyRecord::timestamp).thenComparing(AnomalyRecord::jobId))
                .toList();
        out.println();
        out.printf(Locale.ROOT, "%-17s %-8s %5s  %-36s %-12s %s%n", "time (UTC)", "severity", "score", "job", "where",
                "what was found");
        int shown = 0;
        for (AnomalyRecord r : ranked) {
            if (Boolean.TRUE.equals(r.learning()) || r.recordScore() < minScore) {
                continue; // still learning, or noise: in the results file, not worth a line here
            }
            if (shown++ >= top) {
                break;
            }
            String where = r.partitionFieldValue() != null ? r.partitionFieldValue() : r.overFieldValue() != null
                    ? r.overFieldValue() : "";
            out.printf(Locale.ROOT, "%-17s %-8s %5.1f  %-36s %-12s %s%n",
                    Instant.ofEpochMilli(r.timestamp()).toString().substring(0, 16).replace('T', ' '),
                    Severity.of(r.recordScore()), r.recordScore(), r.jobId(), where, r.reason());
        }
        if (ranked.isEmpty()) {
            out.println("(no anomalies)");
        }
    }

    /** What was not read and why, the first problems met while reading, with file and line, and how many more there were. */
    static void problems(ReadReport report, PrintWriter out) {
        report.notes().forEach(note -> out.println("note: " + note));
        List<ParseProblem> problems = report.problems();
        int shown = Math.min(problems.size(), 20);
        for (int i = 0; i < shown; i++) {
            out.println("warning: " + problems.get(i));
        }
        if (report.problemCount() > shown) {
            out.println("warning: " + (report.problemCount() - shown) + " more problems not shown");
        }
    }
}

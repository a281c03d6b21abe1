package org.auditml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.module.Module;
import org.auditml.engine.module.ModuleRecognizer;
import org.auditml.audit.AuditModules;
import org.auditml.engine.query.EventQuery;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.Severity;
import org.auditml.read.AuditReader;
import org.auditml.read.ReadReport;
import org.auditml.read.ReaderOptions;
import org.auditml.audit.AuditEventView;
import org.auditml.service.LiveAnalysis;
import org.auditml.store.AuditStore;
import org.auditml.store.EventWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code auditml analyze}: audit logs in, ranked anomalies out. Reads the files (raw or Auditbeat JSON), runs the
 * chosen modules (default: every module the data matches) or a job of one's own, prints the anomalies ranked with
 * their reasons, and writes every result document with {@code --results}. Events go into the store once; jobs go on
 * from their saved state, so analysing next week's logs after this week's continues the same models.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Finds rare processes and process-rate spikes per host and container, ranked, with reasons.")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit logs (raw or Auditbeat JSON) or directories of them.")
    List<Path> files;

    @Option(names = "--module", paramLabel = "ID", description = "A module to run (repeatable; default: every module the data matches).")
    List<String> modules = new ArrayList<>();

    @Option(names = "--job", paramLabel = "JOB.json", description = "A job of one's own, in Elastic's JSON.")
    Path jobFile;

    @Option(names = "--datafeed", paramLabel = "DATAFEED.json", description = "Its datafeed (only the query is used).")
    Path datafeedFile;

    @Option(names = "--prefix", defaultValue = "", description = "Prefix of the job ids.")
    String prefix;

    @Option(names = "--start", description = "Analyse from this time on (ISO-8601).")
    Instant start;

    @Option(names = "--end", description = "Analyse up to this time (ISO-8601, exclusive).")
    Instant end;

    @Option(names = "--results", paramLabel = "OUT.ndjson", description = "Write every result document here, one JSON object a line.")
    Path results;

    @Option(names = "--top", defaultValue = "15", description = "Anomalies to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--min-score", defaultValue = "3", paramLabel = "SCORE",
            description = "Leave records scoring below this out of the table (default: ${DEFAULT-VALUE}; --results has them all).")
    double minScore;

    @Option(names = "--host", description = "host.name for raw records without node= (default: this machine's name).")
    String host;

    @Option(names = "--db", description = "The store (default: ${DEFAULT-VALUE}); events are kept once, jobs go on where they stopped.",
            defaultValue = "auditml-data/auditml.duckdb")
    Path db;

    @Option(names = "--peak-heap", hidden = true, description = "Print the peak heap use at the end (for bench).")
    boolean peakHeap;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        if (peakHeap) {
            HeapUse.watch();
        }
        PrintStream out = System.out;
        // the store keeps each event's original and the jobs read a few fields: the rest is normalised on demand
        AuditReader reader = new AuditReader(ReaderOptions.defaults(host != null ? host : ParseCommand.localHostName())
                .deferringDetail());
        try (AuditStore store = AuditStore.open(db)) {
            LiveAnalysis analysis = new LiveAnalysis(store, start == null ? Long.MIN_VALUE + 1 : start.toEpochMilli(),
                    end == null ? Long.MAX_VALUE : end.toEpochMilli());
            List<String> chosen = new ArrayList<>();
            if (jobFile != null) {
                JsonNode datafeed = datafeedFile == null ? null : new ObjectMapper().readTree(datafeedFile.toFile()).get("query");
                String name = jobFile.getFileName().toString().replaceFirst("\\.json$", "");
                analysis.add(List.of(new Module.SetUpJob(JobParser.parse(Files.readString(jobFile), prefix + name),
                        EventQuery.of(datafeed, "datafeed.query"), datafeed)));
                chosen.add(prefix + name);
            }
            for (Module m : namedModules()) {
                analysis.add(m.setUp(prefix));
                chosen.add(m.id());
            }
            // by default, a module's jobs start when the data shows it applies
            ModuleRecognizer recognizer = new ModuleRecognizer(modules.isEmpty() && jobFile == null
                    ? AuditModules.builtIn() : List.of());
            ReadReport report;
            AuditStore.Ingest in;
            try (EventWriter writer = store.writer(sourceName());
                 ProgressBar progress = ProgressBar.onTerminal(AuditReader.sizeBytes(files))) {
                report = reader.readMergedByTime(files, e -> {
                    if (!recognizer.done()) {
                        recognizer.accept(new AuditEventView(e)).forEach(m -> analysis.add(m.setUp(prefix)));
                    }
                    writer.accept(e);
                    analysis.accept(e);
                    progress.events.incrementAndGet();
                }, progress.bytes);
                progress.phase("storing");
                analysis.finishLive(); // while the writer stores the last events
                in = writer.finish();
            }
            ParseCommand.printProblems(report, System.err);
            long t1 = System.nanoTime();
            out.printf(Locale.ROOT, "read %d events from %d file(s); %d new in %s (%d stored)%n", in.events(),
                    report.sources().size(), in.newEvents(), db, store.eventCount());
            recognizer.recognised().stream().map(Module::id).sorted().forEach(chosen::add);
            if (!analysis.hasJobs()) {
                System.err.println("error: no module matches these events and no --job was given; see 'auditml modules'");
                return 1;
            }
            out.println("running: " + String.join(", ", chosen));
            int live = analysis.liveJobs();
            List<Result> produced = analysis.finish();
            long t2 = System.nanoTime();
            out.printf(Locale.ROOT, "read, stored and analysed (%d job(s) on the events as read) in %.1f s; "
                    + "jobs run from the store in %.1f s%n", live, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            List<AnomalyRecord> ranked = produced.stream().filter(r -> r instanceof AnomalyRecord)
                    .map(r -> (AnomalyRecord) r)
                    .sorted(Comparator.comparingDouble(AnomalyRecord::recordScore).reversed()
                            .thenComparingLong(AnomalyRecord::timestamp).thenComparing(AnomalyRecord::jobId))
                    .toList();
            printRanked(ranked, out);
            if (results != null) {
                writeResults(produced, results);
                out.println("all result documents: " + results);
            }
        }
        if (peakHeap) {
            HeapUse.print(System.err, false);
        }
        return 0;
    }


    private String sourceName() {
        return String.join(", ", files.stream().map(Path::toString).toList());
    }

    /** The modules named with --module. */
    private List<Module> namedModules() {
        List<Module> selected = new ArrayList<>();
        for (String id : modules) {
            selected.add(AuditModules.byId(id).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "no module '" + id + "'; see 'auditml modules'")));
        }
        return selected;
    }

    private void printRanked(List<AnomalyRecord> ranked, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-17s %-8s %5s  %-36s %-12s %s%n", "time (UTC)", "severity", "score", "job", "where", "what was found");
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

    static void writeResults(List<Result> results, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Result r : results) {
                w.write(json.writeValueAsString(r));
                w.write('\n');
            }
        }
    }
}

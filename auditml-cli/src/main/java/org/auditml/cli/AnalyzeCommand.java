package org.auditml.cli;

import org.auditml.bench.HeapUse;
import org.auditml.engine.module.Module;
import org.auditml.service.AnalysisReport;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    static final String DEFAULT_STORE = "auditml-data/auditml.duckdb";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit logs (raw or Auditbeat JSON) or directories of them; '-' is standard input.")
    List<Path> files;

    @Option(names = "--module", paramLabel = "ID", description = "A module to run (repeatable; default: every module the data matches).")
    List<String> modules = new ArrayList<>();

    @Option(names = "--no-overlay",
            description = "Run the modules as Kibana ships them, without auditml's overlay ('auditml modules --show ID' lists its changes).")
    boolean noOverlay;

    @Option(names = "--job", paramLabel = "JOB.json", description = "Jobs of one's own, in Elastic's JSON (repeatable): "
            + "a job, Kibana's export of several, or a folder of job files with their datafeed_<job>.json.")
    List<Path> jobFiles = new ArrayList<>();

    @Option(names = "--datafeed", paramLabel = "DATAFEED.json", description = "The datafeed of each --job file, in order, "
            + "in Elastic's JSON (default: the job's own, else every event).")
    List<Path> datafeedFiles = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "FILTER.json", description = "A filter for the jobs' custom rules, as "
            + "Elastic's PUT _ml/filters body (repeatable; the id is the file name unless the body has filter_id).")
    List<Path> filterFiles = new ArrayList<>();

    @Option(names = "--calendar", paramLabel = "CALENDAR.json", description = "A calendar, as Elastic's PUT _ml/calendars "
            + "body with its \"events\" (repeatable): no results and no learning in its scheduled events.")
    List<Path> calendarFiles = new ArrayList<>();

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
            defaultValue = DEFAULT_STORE)
    Path db;

    @Mixin
    AccountOptions accounts;

    @Option(names = "--peak-heap", hidden = true, description = "Print the peak heap use at the end (for bench).")
    boolean peakHeap;

    @Override
    public Integer call() throws IOException {
        if (peakHeap) {
            HeapUse.watch();
        }
        List<Module.SetUpJob> jobs = JobFiles.load(jobFiles, datafeedFiles, prefix, spec.commandLine().getErr());
        RuleFiles rules = new RuleFiles(filterFiles, calendarFiles);
        rules.checkFilters(jobs, db);
        AnalysisRequest request = new AnalysisRequest(files, modules, jobs, prefix, start, end,
                host != null ? host : ParseCommand.localHostName(), !noOverlay)
                .withAccounts(accounts.accounts(ParseCommand.localHostName()));
        modules.stream().map(AuditmlService::aliasNote).filter(java.util.Objects::nonNull)
                .forEach(n -> spec.commandLine().getErr().println("note: " + n));
        int code;
        try (OutputFile resultsFile = results == null ? null : OutputFile.open(results);
             AuditmlService service = AuditmlService.open(db);
             ProgressBar progress = ProgressBar.onTerminal()) {
            if (!rules.isEmpty()) {
                rules.store(service, jobs, modules, prefix);
            }
            AnalysisReport report = service.analyze(request, progress);
            code = new AnalysisPrinter(spec.commandLine().getOut(), spec.commandLine().getErr())
                    .print(report, top, minScore, results, resultsFile);
        }
        if (peakHeap) {
            HeapUse.print(spec.commandLine().getErr(), false);
        }
        return code;
    }
}

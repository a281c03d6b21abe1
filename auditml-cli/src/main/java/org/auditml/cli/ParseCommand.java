package org.auditml.cli;

import org.auditml.bench.HeapUse;
import org.auditml.bench.Sizes;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReadReport;
import org.auditml.read.ReaderOptions;
import org.auditml.read.ecs.EcsJsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.FilterOutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code auditml parse}: audit logs in, Auditbeat-shaped JSON events out. */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Reads raw auditd logs (plain, rotated, gzipped, node= prefixed, enriched) or Auditbeat JSON,",
                "and writes one normalised event per line in Auditbeat's nested JSON shape."})
final class ParseCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit logs or directories of them; '-' is standard input.")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write events here instead of standard output.")
    Path output;

    @Option(names = "--stats", description = "Print per file and per node: events by action, records, malformed lines, serial gaps (to standard error).")
    boolean stats;

    @Option(names = "--summary", description = "Print only the statistics (as --stats), not the events: like aureport --summary.")
    boolean summary;

    @Option(names = "--host", paramLabel = "NAME", description = "host.name for records without node= (default: this machine's name).")
    String host;

    @Option(names = "--window-ms", defaultValue = "2000", description = "Close an event after the log moves on by this much (default: ${DEFAULT-VALUE}).")
    long windowMillis;

    @Option(names = "--max-open-events", defaultValue = "1024", description = "Events held open at most (default: ${DEFAULT-VALUE}).")
    int maxOpenEvents;

    @Mixin
    AccountOptions accounts;

    @Option(names = "--peak-heap", hidden = true, description = "Print the peak heap use at the end (for bench).")
    boolean peakHeap;

    @Override
    public Integer call() throws IOException {
        if (peakHeap) {
            HeapUse.watch();
        }
        ReaderOptions options = new ReaderOptions(host != null ? host : localHostName(), windowMillis, maxOpenEvents, 1 << 20)
                .withAccounts(accounts.accounts(localHostName()));
        AuditReader reader = new AuditReader(options);
        ReadReport report;
        if (summary) {
            stats = true;
            report = reader.summarize(files);
        } else if (output == null) {
            report = writeEvents(reader, new NotClosing(main.stdout()), "standard output");
        } else {
            try (OutputFile out = OutputFile.open(output)) {
                report = writeEvents(reader, out.stream(), output);
                out.commit();
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        AnalysisPrinter.problems(report, err);
        if (stats) {
            printStats(report, err);
        }
        if (peakHeap) {
            HeapUse.print(spec.commandLine().getErr(), true);
        }
        return ExitCode.of(report);
    }

    /** Reads the files into {@code raw} as JSON events; a failed write ends it, said with {@code where}. */
    private ReadReport writeEvents(AuditReader reader, OutputStream raw, Object where) {
        try (EcsJsonWriter writer = new EcsJsonWriter(new BufferedOutputStream(raw, 1 << 16))) {
            ReadReport report = reader.read(files, event -> write(writer, event));
            writer.flush();
            return report;
        } catch (IOException e) {
            throw new OutputFile.CannotWrite(where, e);
        } catch (UncheckedIOException e) {
            throw new OutputFile.CannotWrite(where, e.getCause());
        }
    }

    private static void write(EcsJsonWriter writer, AuditEvent event) {
        try {
            writer.write(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void printStats(ReadReport report, PrintWriter out) {
        for (ReadReport.Source s : report.sources().values()) {
            out.printf("%s (%s, %s): %d lines, %d records, %d events, %d incomplete, %d malformed lines%n",
                    s.name(), s.format(), Sizes.format(s.bytes()), s.lines(), s.records(), s.events(), s.incomplete(),
                    s.malformed());
            for (Map.Entry<String, Long> e : s.malformedByReason().entrySet()) {
                out.printf("  malformed: %-40s %d%n", e.getKey(), e.getValue());
            }
            for (ReadReport.Node n : s.nodes().values()) {
                out.printf("  node %s: %d records, %d events, serial gaps %d%s%n", n.name(), n.records(), n.events(),
                        n.serialGaps(), n.serialRestarts() > 0 ? " (" + n.serialRestarts() + " restarts)" : "");
                for (Map.Entry<String, Long> e : n.eventsByAction().entrySet()) {
                    out.printf("    %-36s %d%n", e.getKey(), e.getValue());
                }
            }
        }
    }

    static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Standard output, which the command's writer must not close. */
    private static final class NotClosing extends FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

package org.auditml.cli;

import org.auditml.service.AuditmlService;
import org.auditml.service.ResultQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code auditml results}: the result documents a store holds, as Elastic's JSON, one a line. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Writes the stored result documents (Elastic's bucket, record, influencer and model_plot JSON), one a line.")
final class ResultsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = AnalyzeCommand.DEFAULT_STORE,
            description = "The store (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--job", paramLabel = "ID", description = "Only this job's results.")
    String jobId;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only results of this type: record, bucket, influencer or model_plot.")
    String type;

    @Option(names = "--min-score", paramLabel = "N", description = "Only results scoring at least N (record_score, anomaly_score, influencer_score).")
    Double minScore;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write them here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        ResultQuery query = new ResultQuery(jobId, type, minScore);
        try (AuditmlService service = AuditmlService.openExisting(db)) {
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                write(service, query, out);
                if (out.checkError()) {
                    throw new IOException("cannot write the results to standard output");
                }
            } else {
                try (Writer out = Files.newBufferedWriter(output)) {
                    long written = write(service, query, out);
                    spec.commandLine().getErr().println(written + " result documents written to " + output);
                }
            }
        }
        return 0;
    }

    private static long write(AuditmlService service, ResultQuery query, Writer out) throws IOException {
        long[] written = {0};
        try {
            service.results(query, doc -> {
                try {
                    out.write(doc);
                    out.write('\n');
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return written[0];
    }
}

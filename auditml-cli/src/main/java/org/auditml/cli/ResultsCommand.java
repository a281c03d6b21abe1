package org.auditml.cli;

import org.auditml.service.AuditmlService;
import org.auditml.service.ResultQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code auditml results}: the result documents a store holds, as Elastic's JSON, one a line. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Writes the stored result documents (Elastic's bucket, bucket_influencer, record, influencer and "
                + "model_plot JSON), one a line, by job, then time, then type.")
final class ResultsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = AnalyzeCommand.DEFAULT_STORE,
            description = "The store (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--job", paramLabel = "ID", description = "Only this job's results.")
    String jobId;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only results of this type: record, bucket, bucket_influencer, influencer or model_plot.")
    String type;

    @Option(names = "--min-score", paramLabel = "N", description = "Only results scoring at least N (record_score, anomaly_score of buckets and bucket influencers, "
                    + "influencer_score).")
    Double minScore;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write them here instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        ResultQuery query = new ResultQuery(jobId, type, minScore);
        try (OutputFile file = output == null ? null : OutputFile.open(output);
             AuditmlService service = AuditmlService.openToRead(db)) {
            if (file == null) {
                write(service, query, spec.commandLine().getOut(), "standard output");
            } else {
                Writer out = new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8);
                long written = write(service, query, out, output);
                try {
                    file.commit();
                } catch (IOException e) {
                    throw new OutputFile.CannotWrite(output, e);
                }
                spec.commandLine().getErr().println(written + " result documents written to " + output);
            }
        }
        return ExitCode.OK;
    }

    private static long write(AuditmlService service, ResultQuery query, Writer out, Object where) {
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
            out.flush();
        } catch (IOException e) {
            throw new OutputFile.CannotWrite(where, e);
        } catch (UncheckedIOException e) {
            throw new OutputFile.CannotWrite(where, e.getCause());
        }
        return written[0];
    }
}

package org.auditml.cli;

import org.auditml.bench.Sizes;
import org.auditml.testkit.FleetLogGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code auditml generate}: a seeded multi-host raw audit log, for trying and benchmarking. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a seeded multi-host raw audit log (node= prefixes, interleaved records, no EOE).")
final class GenerateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "OUT", description = "The file to write.")
    Path out;

    @Option(names = "--size", defaultValue = "200MB", description = "Approximate size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--hosts", defaultValue = "20", description = "Number of hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        FleetLogGenerator.Truth truth = FleetLogGenerator.writeFile(out, Sizes.parse(size), hosts, seed);
        spec.commandLine().getOut().printf("wrote %s: %s, %d events, %d records, %d hosts%n", out, Sizes.format(truth.bytes()),
                truth.events(), truth.records(), truth.eventsByHost().size());
        return 0;
    }
}

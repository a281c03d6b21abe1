package org.auditml.cli;

import org.auditml.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code auditml} command. Every subcommand parses its options, calls the service and prints to the command line's
 * output ({@code spec.commandLine().getOut()}, or {@link #stdout()} for bytes), so that a test hands its own streams to
 * {@link #run(OutputStream, OutputStream, String...)}. A failure is one line on the error stream, its stack trace only
 * with {@code --debug}.
 */
@Command(name = "auditml", mixinStandardHelpOptions = true, version = "auditml 0.1.0",
        description = "Anomaly detection for Linux audit data.",
        subcommands = {AnalyzeCommand.class, ModulesCommand.class, ResultsCommand.class, ParseCommand.class,
                DemoCommand.class, GenerateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of a request refused (bad config, unknown module, missing file): the user can correct it. */
    static final int REFUSED = 2;
    /** Exit code of a failure while working. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    private final OutputStream stdout;

    private Main(OutputStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line with its output and errors going to {@code out} and {@code err}; returns its exit code. */
    public static int run(OutputStream stdout, OutputStream stderr, String... args) {
        PrintWriter out = new PrintWriter(stdout, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(stderr, true, StandardCharsets.UTF_8);
        boolean debug = List.of(args).contains("--debug");
        List<String> rest = List.of(args).stream().filter(a -> !a.equals("--debug")).toList();
        CommandLine cl = new CommandLine(new Main(stdout)).setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    UserError.print(e, command.getErr(), debug);
                    return UserError.exitCode(e);
                });
        try {
            return cl.execute(rest.toArray(String[]::new));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command's standard output as bytes (for output written as bytes: parse's events). */
    OutputStream stdout() {
        return stdout;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

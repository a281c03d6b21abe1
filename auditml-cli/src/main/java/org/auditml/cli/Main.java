package org.auditml.cli;

import org.auditml.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code auditml} command. Every subcommand parses its options, calls the service and prints to the command line's
 * output ({@code spec.commandLine().getOut()}, or {@link #stdout()} for bytes), so that a test hands its own streams to
 * {@link #run(OutputStream, OutputStream, String...)}. A failure is one line on the error stream, its stack trace only
 * with {@code --debug}.
 */
@Command(name = "auditml", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Anomaly detection for Linux audit data.",
        subcommands = {AnalyzeCommand.class, ModulesCommand.class, ResultsCommand.class, ServeCommand.class, ParseCommand.class,
                DemoCommand.class, GenerateCommand.class, FlinkLocalCommand.class, FlinkJobCommand.class, BenchCommand.class, CertsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "auditml 0.1.0";
    @Spec
    CommandSpec spec;

    private final OutputStream stdout;

    private Main(OutputStream stdout) {
        this.stdout = stdout;
    }

    /** Set while a server runs until stopped: then Ctrl-C is how it ends, not an interruption. */
    static final AtomicBoolean SERVING = new AtomicBoolean();

    public static void main(String[] args) {
        // the standard streams themselves, not System.out, which swallows write errors
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        AtomicBoolean done = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!done.get() && !SERVING.get()) { // SIGTERM or Ctrl-C: uncommitted work is undone when the store is next opened
                System.err.println("auditml: stopped before the end; what was committed is kept and the step under way "
                        + "is undone; run the same command again to complete it");
            }
        }, "auditml-stopped"));
        int code = run(out, new FileOutputStream(FileDescriptor.err), args);
        done.set(true);
        System.exit(code);
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
        stateExitCodes(cl);
        int code = cl.execute(rest.toArray(String[]::new));
        boolean written;
        try {
            written = !out.checkError();
            stdout.flush();
        } catch (IOException e) {
            written = false;
        }
        if (!written && code == ExitCode.OK) { // a command that failed has said so already
            err.println("error: cannot write standard output (a closed pipe, or no space left on device)");
            code = ExitCode.INCOMPLETE;
        }
        err.flush();
        return code;
    }

    /** Every command's --help states the one rule of exit codes. */
    private static void stateExitCodes(CommandLine cl) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCode.LIST) {
            codes.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(Main::stateExitCodes);
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

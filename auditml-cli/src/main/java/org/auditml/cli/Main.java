package org.auditml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code auditml} command. */
@Command(name = "auditml", mixinStandardHelpOptions = true, version = "auditml 0.1.0",
        description = "Anomaly detection for Linux audit data.",
        subcommands = {AnalyzeCommand.class, ModulesCommand.class, ParseCommand.class, DemoCommand.class, GenerateCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

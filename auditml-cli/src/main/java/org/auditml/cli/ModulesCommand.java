package org.auditml.cli;

import org.auditml.engine.module.Module;
import org.auditml.service.AuditmlService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code auditml modules}: the ready-made job sets shipped inside auditml; with {@code --db}, which of them the
 * events in a store match (Kibana's module "recognize": each module's manifest query against the stored events).
 */
@Command(name = "modules", mixinStandardHelpOptions = true,
        description = "Lists the built-in modules and their jobs; with --db, the modules a store's events match.")
final class ModulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", description = "A store whose events to recognise modules in.")
    Path db;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (db != null) {
            return recognise(out);
        }
        for (Module m : AuditmlService.modules()) {
            out.println(m.id() + " — " + m.title() + ": " + m.description());
            for (Module.SetUpJob j : m.setUp("")) {
                out.println("    " + j.job().jobId() + "  (" + j.job().analysisConfig().bucketSpanText() + ", "
                        + j.job().analysisConfig().detectors().get(0).detectorDescription() + ")");
            }
            m.notes().forEach(n -> out.println("    note: " + n));
        }
        return 0;
    }

    private int recognise(PrintWriter out) {
        try (AuditmlService service = AuditmlService.openToRead(db)) {
            AuditmlService.Recognition found = service.recognise();
            out.println(found.modules().isEmpty() ? "no module matches the events in " + db
                    : "modules the events in " + db + " match (" + found.eventsRead() + " events read):");
            found.modules().forEach(m -> out.println("    " + m.id() + " — " + m.title()));
        }
        return 0;
    }
}

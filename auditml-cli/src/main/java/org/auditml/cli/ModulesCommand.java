package org.auditml.cli;

import org.auditml.engine.module.Module;
import org.auditml.engine.module.ModuleRecognizer;
import org.auditml.audit.AuditModules;
import org.auditml.audit.AuditEventView;
import org.auditml.store.AuditStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditml modules}: the ready-made job sets shipped inside auditml; with {@code --db}, which of them the
 * events in a store match (Kibana's module "recognize": each module's manifest query against the stored events).
 */
@Command(name = "modules", mixinStandardHelpOptions = true,
        description = "Lists the built-in modules and their jobs; with --db, the modules a store's events match.")
final class ModulesCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "PATH", description = "A store whose events to recognise modules in.")
    Path db;

    @Override
    public Integer call() {
        if (db != null) {
            return recognise();
        }
        for (Module m : AuditModules.builtIn()) {
            System.out.println(m.id() + " — " + m.title() + ": " + m.description());
            for (Module.SetUpJob j : m.setUp("")) {
                System.out.println("    " + j.job().jobId() + "  (" + j.job().analysisConfig().bucketSpanText() + ", "
                        + j.job().analysisConfig().detectors().get(0).detectorDescription() + ")");
            }
            m.notes().forEach(n -> System.out.println("    note: " + n));
        }
        return 0;
    }

    private int recognise() {
        if (!Files.exists(db)) {
            System.err.println("error: no store at " + db);
            return 2;
        }
        ModuleRecognizer recognizer = new ModuleRecognizer(AuditModules.builtIn());
        long[] read = {0};
        try (AuditStore store = AuditStore.open(db)) {
            store.scanEvents(e -> {
                read[0]++;
                recognizer.accept(new AuditEventView(e));
                return !recognizer.done();
            });
        }
        List<Module> found = recognizer.recognised();
        System.out.println(found.isEmpty() ? "no module matches the events in " + db
                : "modules the events in " + db + " match (" + read[0] + " events read):");
        found.forEach(m -> System.out.println("    " + m.id() + " — " + m.title()));
        return 0;
    }
}

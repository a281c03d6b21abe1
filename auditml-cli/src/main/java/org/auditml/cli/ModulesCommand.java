package org.auditml.cli;

import org.auditml.engine.module.CoverageFinding;
import org.auditml.engine.module.Module;
import org.auditml.service.AuditmlService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code auditml modules}: the modules, Kibana's as Kibana ships them with auditml's overlay on top (or without it);
 * {@code --show ID} a module's jobs and what the overlay changes and why; with {@code --db}, the modules a store's
 * events match and which of their queries the data cannot satisfy; {@code --add-folder DIR} adds a module folder as
 * Kibana writes it to the store.
 */
@Command(name = "modules", mixinStandardHelpOptions = true,
        description = "Lists the modules and their jobs; --show ID, what auditml's overlay changes in one; with --db, "
                + "the modules a store's events match and the datafeeds they cannot satisfy; --add-folder DIR adds a "
                + "Kibana module folder to the store.")
final class ModulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", description = "A store: recognise modules in its events, list or add "
            + "its modules.")
    Path db;

    @Option(names = "--show", paramLabel = "ID", description = "A module's jobs and datafeeds, and what auditml's "
            + "overlay changes in it and why.")
    String show;

    @Option(names = "--add-folder", paramLabel = "DIR", description = "A module folder as Kibana writes it "
            + "(manifest.json, ml/*.json) to check and keep in the store given by --db (default: ${DEFAULT-VALUE}), "
            + "for 'analyze --module ID'.")
    Path addFolder;

    @Option(names = "--no-overlay",
            description = "The modules as Kibana ships them, without auditml's overlay.")
    boolean noOverlay;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (addFolder != null) {
            return add(out);
        }
        if (show != null) {
            return show(out);
        }
        if (db != null) {
            return recognise(out);
        }
        for (Module m : AuditmlService.modules(!noOverlay)) {
            list(out, m);
        }
        return 0;
    }

    private static void list(PrintWriter out, Module m) {
        out.println(m.id() + " — " + m.title() + ": " + m.description()
                + (m.overlay() == null ? "" : " [overlay: " + m.overlay() + ", " + m.changes().size() + " changes]"));
        for (Module.SetUpJob j : m.setUp("")) {
            out.println("    " + j.job().jobId() + "  (" + j.job().analysisConfig().bucketSpanText() + ", "
                    + j.job().analysisConfig().detectors().get(0).detectorDescription() + ")");
        }
    }

    private int show(PrintWriter out) {
        String note = AuditmlService.aliasNote(show);
        if (note != null) {
            spec.commandLine().getErr().println("note: " + note);
        }
        Module m = db == null ? AuditmlService.module(show, !noOverlay) : withStore(s -> s.moduleNamed(show, !noOverlay));
        list(out, m);
        if (m.overlay() == null) {
            out.println("as shipped: no overlay" + (!noOverlay ? " for this module" : " (--no-overlay)"));
            return 0;
        }
        out.println("overlay '" + m.overlay() + "' (switch it off with --no-overlay):");
        for (Module.Change c : m.changes()) {
            out.println("  " + c.target() + ": " + String.join(", ", c.patch()));
            out.println("      why: " + c.why());
        }
        m.notes().forEach(n -> out.println("  note: " + n));
        return 0;
    }

    private int add(PrintWriter out) {
        Path store = db != null ? db : Path.of(AnalyzeCommand.DEFAULT_STORE);
        try (AuditmlService service = AuditmlService.open(store)) {
            Module m = service.addModuleFolder(addFolder);
            out.println("added module " + m.id() + " (" + m.jobs().size() + " jobs) to " + store
                    + "; run it with 'auditml analyze --db " + store + " --module " + m.id() + " …'");
            if (AuditmlService.modules().stream().anyMatch(b -> b.id().equals(m.id()))) {
                out.println("note: it replaces the built-in module " + m.id() + " in this store");
            }
        }
        return 0;
    }

    private Module withStore(java.util.function.Function<AuditmlService, Module> f) {
        try (AuditmlService service = AuditmlService.openToRead(db)) {
            return f.apply(service);
        }
    }

    private int recognise(PrintWriter out) {
        try (AuditmlService service = AuditmlService.openToRead(db)) {
            AuditmlService.Recognition found = service.recognise(!noOverlay);
            out.println(found.modules().isEmpty() ? "no module matches the events in " + db
                    : "modules the events in " + db + " match (" + found.eventsRead() + " events read):");
            found.modules().forEach(m -> out.println("    " + m.id() + " — " + m.title()));
            List<CoverageFinding> findings = found.findings();
            for (CoverageFinding f : findings) {
                (f.warning() ? spec.commandLine().getErr() : out).println((f.warning() ? "warning: " : "note: ")
                        + f.line());
            }
        }
        return 0;
    }
}

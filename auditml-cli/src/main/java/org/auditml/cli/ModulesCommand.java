package org.auditml.cli;

import org.auditml.engine.module.Module;
import org.auditml.engine.module.Modules;
import picocli.CommandLine.Command;

/** {@code auditml modules}: the ready-made job sets shipped inside auditml. */
@Command(name = "modules", mixinStandardHelpOptions = true, description = "Lists the built-in modules and their jobs.")
final class ModulesCommand implements Runnable {
    @Override
    public void run() {
        for (Module m : Modules.builtIn()) {
            System.out.println(m.id() + " — " + m.title() + ": " + m.description());
            for (Module.SetUpJob j : m.setUp("")) {
                System.out.println("    " + j.job().jobId() + "  (" + j.job().analysisConfig().bucketSpanText() + ", "
                        + j.job().analysisConfig().detectors().get(0).detectorDescription() + ")");
            }
            m.notes().forEach(n -> System.out.println("    note: " + n));
        }
    }
}

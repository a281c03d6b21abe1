package org.auditml.audit;

import org.auditml.engine.module.ModuleFolder;
import org.junit.jupiter.api.Test;

class KibanaModulesTest {
    @Test
    void probe() {
        for (String id : AuditModules.ids()) {
            ModuleFolder f = AuditModules.folder(id);
            for (ModuleFolder.DatafeedCheck c : f.datafeedChecks()) {
                System.out.println("PROBE " + id + " " + c.jobId() + " -> " + (c.compiles() ? "compiled" : c.refusal()));
            }
            try { f.validate(); System.out.println("PROBE valid " + id); } catch (RuntimeException e) { System.out.println("PROBE invalid " + id + ": " + e.getMessage()); }
            AuditModules.withOverlay(f).setUp("x-");
        }
    }
}

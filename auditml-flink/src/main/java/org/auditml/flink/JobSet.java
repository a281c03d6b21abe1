package org.auditml.flink;

import org.auditml.audit.AuditModules;
import org.auditml.engine.job.Job;
import org.auditml.engine.module.Module;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs a Flink job runs, as what names them (a built-in module's id), so that each task sets them up itself: the
 * engine's jobs and datafeeds are not shipped between processes.
 */
public record JobSet(String moduleId, String prefix) implements Serializable {

    public JobSet {
        if (AuditModules.byId(moduleId, true).isEmpty()) {
            throw new IllegalArgumentException("no module '" + moduleId + "'; 'auditml modules' lists them");
        }
        prefix = prefix == null ? "" : prefix;
    }

    /** The module's jobs with auditml's overlay, each with its datafeed. */
    public List<Module.SetUpJob> setUp() {
        return AuditModules.byId(moduleId, true).orElseThrow().setUp(prefix);
    }

    /** The module's jobs by id. */
    public Map<String, Job> jobsById() {
        Map<String, Job> byId = new HashMap<>();
        for (Module.SetUpJob s : setUp()) {
            byId.put(s.job().jobId(), s.job());
        }
        return byId;
    }
}

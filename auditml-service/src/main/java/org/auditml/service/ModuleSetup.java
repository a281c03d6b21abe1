package org.auditml.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.module.CoverageFinding;
import org.auditml.engine.module.Module;

import java.time.Instant;
import java.util.List;

/**
 * Modules as the UI's module setup uses them (Kibana's {@code _recognize} and {@code _setup}): the modules with
 * their jobs, which of them the stored events match and what their queries cannot match, and setting one up with a
 * prefix: its jobs saved and opened and, when asked, its datafeeds run over a time range of the stored events.
 */
public final class ModuleSetup {
    private final AuditmlService service;

    ModuleSetup(AuditmlService service) {
        this.service = service;
    }

    /** Every module of the store (with auditml's overlay): id, title, description and its jobs' ids. */
    public ObjectNode list() {
        ObjectNode out = MlJobs.JSON.createObjectNode();
        ArrayNode modules = out.putArray("modules");
        for (Module m : service.allModules(true)) {
            ObjectNode doc = modules.addObject().put("id", m.id()).put("title", m.title()).put("description", m.description());
            ArrayNode jobs = doc.putArray("jobs");
            m.jobs().forEach(j -> jobs.add(j.jobId()));
        }
        return out;
    }

    /** The modules the stored events match, each with what its queries cannot match in them (one line each). */
    public ObjectNode recognise() {
        AuditmlService.Recognition r = service.recognise(true);
        ObjectNode out = MlJobs.JSON.createObjectNode().put("events_read", r.eventsRead());
        ArrayNode modules = out.putArray("modules");
        for (Module m : r.modules()) {
            ArrayNode findings = modules.addObject().put("id", m.id()).put("title", m.title()).putArray("findings");
            r.findings().stream().filter(f -> f.moduleId().equals(m.id())).map(CoverageFinding::line).forEach(findings::add);
        }
        return out;
    }

    /**
     * Sets up a module's jobs with ids {@code prefix + job id} and opens them; with {@code startDatafeeds}, each
     * datafeed starts as {@code _ml/datafeeds/_start} does: over {@code [start, end)} of the stored events (start
     * null: where its job stopped; end null: to the latest event, staying started for later ones). Not found for an
     * unknown module; refused before anything is saved when a job exists already.
     */
    public ObjectNode setUp(String moduleId, String prefix, Instant start, Instant end, boolean startDatafeeds) {
        if (start != null && end != null && !start.isBefore(end)) {
            throw new RequestException("start [" + start.toEpochMilli() + "] must be earlier than end ["
                    + end.toEpochMilli() + "]");
        }
        Module module;
        try {
            module = service.moduleNamed(moduleId, true);
        } catch (RequestException e) {
            throw RequestException.notFound("no module [" + moduleId + "]; GET /api/modules lists them");
        }
        List<Module.SetUpJob> jobs = module.setUp(prefix == null ? "" : prefix);
        List<String> existing = service.jobIds();
        jobs.stream().map(j -> j.job().jobId()).filter(existing::contains).findFirst().ifPresent(id -> {
            throw RequestException.exists("A job with id [" + id + "] already exists; choose another prefix");
        });
        jobs.forEach(service::putJob);
        ObjectNode out = MlJobs.JSON.createObjectNode();
        ArrayNode made = out.putArray("jobs");
        for (Module.SetUpJob job : jobs) {
            String jobId = job.job().jobId();
            service.mlJobs().open(jobId);
            String datafeedId = service.mlDatafeeds().idFor(jobId).orElseThrow();
            if (startDatafeeds) {
                service.mlDatafeeds().start(datafeedId, start, end);
            }
            made.addObject().put("job_id", jobId).put("datafeed_id", datafeedId).put("started", startDatafeeds);
        }
        return out;
    }
}

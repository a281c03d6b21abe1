package org.auditml.flink;

import org.auditml.audit.AuditModules;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.Job;
import org.auditml.engine.module.JobDocument;
import org.auditml.engine.module.Module;
import org.auditml.engine.series.JobRules;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs a Flink job runs, as what names them (a built-in module's id) or as the JSON they were given in, so that
 * each task sets them up itself: the engine's jobs and datafeeds are not shipped between processes. Either is set up
 * once when the set is made, so that a bad job is refused before a Flink job is built.
 *
 * @param moduleId a built-in module, or null for {@code given} jobs
 * @param given    jobs in Elastic's JSON; empty for a module
 */
public record JobSet(String moduleId, String prefix, List<JobJson> given) implements Serializable {

    /**
     * One job file as Elastic users keep it (a job, a module file's {@code {"job": …}}, Kibana's export of several),
     * read as {@code analyze --job} reads it.
     *
     * @param name     where it comes from (a file's name): in errors, and the id of a lone job without {@code job_id}
     * @param datafeed the datafeed given for it, or null: the file's own, else every event
     */
    public record JobJson(String name, String job, String datafeed) implements Serializable {
    }

    /** A built-in module's jobs, with ids {@code prefix + job id}. */
    public JobSet(String moduleId, String prefix) {
        this(moduleId, prefix, List.of());
    }

    /** Jobs given as JSON, with ids {@code prefix + job id}. */
    public static JobSet ofJson(List<JobJson> jobs, String prefix) {
        return new JobSet(null, prefix, jobs);
    }

    public JobSet {
        prefix = prefix == null ? "" : prefix;
        given = List.copyOf(given);
        if ((moduleId == null) == given.isEmpty()) {
            throw new IllegalArgumentException("give a module or jobs (job + datafeed JSON), not both nor neither");
        }
        if (moduleId != null && AuditModules.byId(moduleId, true).isEmpty()) {
            throw new IllegalArgumentException("no module '" + moduleId + "'; 'auditml modules' lists them");
        }
        check(moduleId, prefix, given);
    }

    private static void check(String moduleId, String prefix, List<JobJson> given) {
        List<String> ids = new ArrayList<>();
        for (Module.SetUpJob s : setUp(moduleId, prefix, given)) {
            String id = s.job().jobId();
            if (ids.contains(id)) {
                throw new IllegalArgumentException("job [" + id + "] is given twice; job ids must differ");
            }
            ids.add(id);
            try {
                JobRules.of(s.job(), Map.of(), List.of());
            } catch (ConfigException e) {
                throw new IllegalArgumentException("job [" + id + "]: custom rules that name a filter cannot run on "
                        + "Flink yet (" + e.problems().get(0).field() + "); drop the rule's scope or run it with analyze");
            }
        }
    }

    /** What the Flink job is called: the module, or the jobs. */
    public String name() {
        return moduleId != null ? moduleId : String.join(",", jobsById().keySet().stream().sorted().toList());
    }

    /** The jobs, each with its datafeed (a module's with auditml's overlay). */
    public List<Module.SetUpJob> setUp() {
        return setUp(moduleId, prefix, given);
    }

    private static List<Module.SetUpJob> setUp(String moduleId, String prefix, List<JobJson> given) {
        if (moduleId != null) {
            return AuditModules.byId(moduleId, true).orElseThrow().setUp(prefix);
        }
        List<Module.SetUpJob> out = new ArrayList<>();
        for (JobJson j : given) {
            try {
                out.addAll(setUp(j, prefix));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(j.name() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<Module.SetUpJob> setUp(JobJson j, String prefix) {
        List<Module.SetUpJob> out = new ArrayList<>();
        for (JobDocument.Loaded l : JobDocument.read(j.job(), fileId(j.name()))) {
            Module.SetUpJob job;
            try {
                job = l.setUp(j.datafeed());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(j.name() + ": " + e.getMessage(), e);
            }
            out.add(job.prefixed(prefix));
        }
        return out;
    }

    /** A lone job without {@code job_id} is named after its file, as {@code analyze --job} names it. */
    private static String fileId(String name) {
        return Path.of(name).getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** The jobs by id. */
    public Map<String, Job> jobsById() {
        Map<String, Job> byId = new HashMap<>();
        for (Module.SetUpJob s : setUp()) {
            byId.put(s.job().jobId(), s.job());
        }
        return byId;
    }
}

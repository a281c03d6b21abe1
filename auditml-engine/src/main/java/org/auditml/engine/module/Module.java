package org.auditml.engine.module;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.engine.EventView;
import org.auditml.engine.datafeed.Datafeed;
import org.auditml.engine.datafeed.DatafeedParser;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.query.EventQuery;

import java.util.ArrayList;
import java.util.List;

/**
 * A module: its manifest's words, the query that recognises its data, and its jobs with their datafeeds, as its
 * author ships it or with a named overlay's changes.
 *
 * @param queryJson    the manifest's query
 * @param queryRefusal why the manifest query does not compile (the module then recognises nothing), or null
 * @param notes        the overlay's notes: where and why it departs from the module as shipped
 * @param overlay      the overlay's name, or null for the module as shipped
 * @param changes      what the overlay changes, per job
 */
public record Module(String id, String title, String description, EventQuery query, JsonNode queryJson,
                     String queryRefusal, List<Definition> jobs, List<String> notes, String overlay,
                     List<Change> changes) {

    /** One job of a module: its id, its JSON, and its datafeed's JSON (null: every event). */
    public record Definition(String jobId, String jobJson, String datafeedJson) {
    }

    /** One change an overlay makes: to what ({@code manifest.json}, a job id, "every job"), the patch, and why. */
    public record Change(String target, List<String> patch, String why) {
        public Change {
            patch = List.copyOf(patch);
        }
    }

    /** A job set up from a module (or given by a user): the job (with its prefixed id) and its datafeed. */
    public record SetUpJob(Job job, Datafeed datafeed) {
        public SetUpJob {
            if (!datafeed.jobId().equals(job.jobId())) {
                throw new IllegalArgumentException("datafeed [" + datafeed.datafeedId() + "] feeds job ["
                        + datafeed.jobId() + "], not [" + job.jobId() + "]");
            }
        }

        /** The job and its datafeed with the id {@code prefix + job id}; {@code prefix} may be empty. */
        public SetUpJob prefixed(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                return this;
            }
            String id = prefix + job.jobId();
            return new SetUpJob(job.withId(id), datafeed.forJob(id));
        }

        /** A job with a datafeed of every event. */
        public static SetUpJob allEvents(Job job) {
            return new SetUpJob(job, Datafeed.matchAll(job.jobId()));
        }
    }

    public Module {
        jobs = List.copyOf(jobs);
        notes = List.copyOf(notes);
        changes = List.copyOf(changes);
    }

    /** A module from a manifest (id, title, description, query) and its jobs. */
    public static Module of(String id, JsonNode manifest, List<Definition> jobs, List<String> notes, String overlay,
                            List<Change> changes) {
        JsonNode queryJson = manifest.get("query");
        EventQuery query;
        String refusal = null;
        try {
            query = EventQuery.of(queryJson, "manifest.json query");
        } catch (ConfigException e) {
            query = null;
            refusal = e.getMessage();
        }
        return new Module(id, manifest.path("title").asText(), manifest.path("description").asText(), query,
                queryJson, refusal, jobs, notes, overlay, changes);
    }

    /** The module exactly as its folder holds it. */
    public static Module asShipped(ModuleFolder folder) {
        List<Definition> jobs = new ArrayList<>();
        folder.jobs().forEach(j -> jobs.add(definition(j.jobId(), j.job(), j.datafeed())));
        return of(folder.id(), folder.manifest(), jobs, List.of(), null, List.of());
    }

    static Definition definition(String jobId, JsonNode job, JsonNode datafeed) {
        return new Definition(jobId, ModuleJson.text(job), datafeed == null ? null : ModuleJson.text(datafeed));
    }

    /** True when the event is data for this module (its manifest query matches). */
    public boolean recognises(EventView event) {
        return query != null && query.matches(event);
    }

    /**
     * The module's jobs with ids {@code prefix + job id}; {@code prefix} may be empty. A job or datafeed that does not
     * compile is refused with its file's job id and the reason.
     */
    public List<SetUpJob> setUp(String prefix) {
        List<SetUpJob> out = new ArrayList<>();
        for (Definition d : jobs) {
            out.add(setUp(d, prefix));
        }
        return out;
    }

    /** One job of the module set up with {@code prefix}. */
    public static SetUpJob setUp(Definition d, String prefix) {
        String jobId = (prefix == null ? "" : prefix) + d.jobId();
        Job job = JobParser.parse(d.jobJson(), jobId);
        return new SetUpJob(job, d.datafeedJson() == null ? Datafeed.matchAll(jobId)
                : DatafeedParser.parse(ModuleFolder.datafeedFor(ModuleJson.read(d.datafeedJson()),
                jobId), jobId));
    }
}

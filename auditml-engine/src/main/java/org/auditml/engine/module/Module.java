package org.auditml.engine.module;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.engine.EventView;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.query.EventQuery;

import java.util.ArrayList;
import java.util.List;

/**
 * A module: its manifest's words, the query that recognises its data, and its jobs with their datafeeds.
 *
 * @param notes where auditml departs from Kibana's module, and why
 */
public record Module(String id, String title, String description, EventQuery query, List<Definition> jobs,
                     List<String> notes) {

    /** One job of a module as shipped: its id, its JSON, and its datafeed's query. */
    public record Definition(String jobId, String jobJson, JsonNode datafeedQuery) {
    }

    /** A job set up from a module: the job (with its prefixed id) and what its datafeed selects. */
    public record SetUpJob(Job job, EventQuery datafeed) {
    }

    public Module {
        jobs = List.copyOf(jobs);
        notes = List.copyOf(notes);
    }

    /** True when the event is data for this module (its manifest query matches). */
    public boolean recognises(EventView event) {
        return query.matches(event);
    }

    /** The module's jobs with ids {@code prefix + job id}; {@code prefix} may be empty. */
    public List<SetUpJob> setUp(String prefix) {
        List<SetUpJob> out = new ArrayList<>();
        for (Definition d : jobs) {
            Job job = JobParser.parse(d.jobJson(), (prefix == null ? "" : prefix) + d.jobId());
            out.add(new SetUpJob(job, EventQuery.of(d.datafeedQuery(), "datafeed-" + d.jobId() + ".query")));
        }
        return out;
    }
}

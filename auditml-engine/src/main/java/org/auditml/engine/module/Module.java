package org.auditml.engine.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * A job set up from a module (or given by a user): the job (with its prefixed id), what its datafeed selects, and
     * the datafeed's query as written (null: every event).
     */
    public record SetUpJob(Job job, EventQuery datafeed, JsonNode datafeedQuery) {

        /** The datafeed in Elastic's shape: {@code datafeed-<job id>}, its job and its query. */
        public String datafeedJson() {
            ObjectNode feed = JsonNodeFactory.instance.objectNode();
            feed.put("datafeed_id", "datafeed-" + job.jobId());
            feed.put("job_id", job.jobId());
            if (datafeedQuery == null) {
                feed.putObject("query").putObject("match_all");
            } else {
                feed.set("query", datafeedQuery);
            }
            return feed.toString();
        }
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
            out.add(new SetUpJob(job, EventQuery.of(d.datafeedQuery(), "datafeed-" + d.jobId() + ".query"),
                    d.datafeedQuery()));
        }
        return out;
    }
}

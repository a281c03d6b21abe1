package org.auditml.engine.module;

import org.auditml.engine.EventView;
import org.auditml.engine.datafeed.Datafeed;
import org.auditml.engine.datafeed.DatafeedParser;
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

    /** One job of a module as shipped: its id, its JSON, and its datafeed's JSON (null: every event). */
    public record Definition(String jobId, String jobJson, String datafeedJson) {
    }

    /** A job set up from a module (or given by a user): the job (with its prefixed id) and its datafeed. */
    public record SetUpJob(Job job, Datafeed datafeed) {
        public SetUpJob {
            if (!datafeed.jobId().equals(job.jobId())) {
                throw new IllegalArgumentException("datafeed [" + datafeed.datafeedId() + "] feeds job ["
                        + datafeed.jobId() + "], not [" + job.jobId() + "]");
            }
        }

        /** A job with a datafeed of every event. */
        public static SetUpJob allEvents(Job job) {
            return new SetUpJob(job, Datafeed.matchAll(job.jobId()));
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
            String jobId = (prefix == null ? "" : prefix) + d.jobId();
            Job job = JobParser.parse(d.jobJson(), jobId);
            out.add(new SetUpJob(job, d.datafeedJson() == null ? Datafeed.matchAll(jobId)
                    : DatafeedParser.parse(d.datafeedJson(), jobId)));
        }
        return out;
    }
}

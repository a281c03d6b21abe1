package org.auditml.service;

import org.auditml.engine.result.Result;
import org.auditml.read.ReadReport;

import java.time.Duration;
import java.util.List;

/**
 * What an analysis did: what was read (with its problems, by file and line), how many events were new to the store,
 * what ran (jobs given by their id, modules by theirs, those recognised in the data included), and this run's result
 * documents, job by job in the order the jobs were set up.
 *
 * @param warnings      what the jobs should tell their user: a field of a job's config that no event had
 * @param liveJobs      how many jobs ran on the events as they were read (the others ran from the store after)
 * @param readTime      reading, storing and the live jobs
 * @param fromStoreTime the jobs run from the store after the ingest
 */
public record AnalysisReport(ReadReport read, IngestSummary ingest, List<String> ran, int liveJobs,
                             List<Result> results, List<String> warnings, Duration readTime, Duration fromStoreTime) {

    public AnalysisReport {
        ran = List.copyOf(ran);
        warnings = List.copyOf(warnings);
        results = List.copyOf(results);
    }

    /** Whether any job ran: false when no module matched the data and no job was given. */
    public boolean ranJobs() {
        return !ran.isEmpty();
    }
}

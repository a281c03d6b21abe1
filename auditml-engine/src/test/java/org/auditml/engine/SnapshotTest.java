package org.auditml.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.snapshot.JobState;
import org.auditml.engine.result.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run stopped at a snapshot (written as JSON and read back) and resumed gives the same results, byte for byte. */
class SnapshotTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = """
            {"analysis_config": {"bucket_span": "1h", "detectors": [
               {"function": "rare", "by_field_name": "process.executable", "partition_field_name": "host.name"},
               {"function": "high_non_zero_count", "partition_field_name": "host.name"},
               {"function": "count"},
               {"function": "mean", "field_name": "process.pid"}],
             "influencers": ["host.name", "process.executable"]}}
            """;

    static List<Result> runWhole(Job job, List<? extends EventView> events) {
        AnomalyJob whole = new AnomalyJob(job);
        List<Result> results = new ArrayList<>();
        events.forEach(e -> results.addAll(whole.accept(e)));
        results.addAll(whole.flush());
        return results;
    }

    /** Runs to {@code cut}, writes a snapshot as JSON, restores it, and runs the rest. */
    static List<Result> runWithSnapshot(Job job, List<? extends EventView> events, int cut) throws Exception {
        AnomalyJob first = new AnomalyJob(job);
        List<Result> results = new ArrayList<>();
        events.subList(0, cut).forEach(e -> results.addAll(first.accept(e)));
        String snapshot = JSON.writeValueAsString(first.toState());
        AnomalyJob resumed = AnomalyJob.restore(job, JSON.readValue(snapshot, JobState.class));
        events.subList(cut, events.size()).forEach(e -> results.addAll(resumed.accept(e)));
        results.addAll(resumed.flush());
        return results;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.93})
    void resumeFromSnapshot_givesTheSameResultsAsAnUninterruptedRun(double stopAt) throws Exception {
        Job job = JobParser.parse(JOB, "snap");
        List<TestFleet.Event> events = TestFleet.processes();
        List<Result> expected = runWhole(job, events);
        List<Result> actual = runWithSnapshot(job, events, (int) (events.size() * stopAt));

        assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(expected));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.8})
    void resumeFromSnapshot_withAContextualModel_givesTheSameResults(double stopAt) throws Exception {
        Job job = JobParser.parse("""
                {"analysis_config": {"bucket_span": "1h", "detectors": [
                   {"function": "mean", "field_name": "process.pid", "partition_field_name": "host.name",
                    "auditml_model": {"type": "contextual", "value_range": [0, 65535], "rest_buckets": 3}}]}}
                """, "snap");
        List<TestFleet.Event> events = TestFleet.processes();
        List<Result> expected = runWhole(job, events);
        List<Result> actual = runWithSnapshot(job, events, (int) (events.size() * stopAt));

        assertThat(expected).isNotEmpty();
        assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(expected));
    }
}

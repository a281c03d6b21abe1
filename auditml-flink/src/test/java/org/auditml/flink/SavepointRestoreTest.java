package org.auditml.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job stopped mid-stream with a savepoint and restored from it at another parallelism: the keyed series and the
 * job-wide scoring are redistributed over the new tasks, and the documents of both runs together are those of
 * {@code analyze}, none lost, none twice.
 */
class SavepointRestoreTest {
    private static AnalyzedFleet fleet;

    @BeforeAll
    static void analyzeOnOneMachine() throws Exception {
        fleet = AnalyzedFleet.get();
    }

    @ParameterizedTest(name = "parallelism {0}, then {1}")
    @CsvSource({"2, 4", "4, 1"})
    void stoppedWithASavepoint_restoredAtAnotherParallelism_givesTheResultsOfAnalyze(int before, int after,
                                                                                     @TempDir Path dir)
            throws Exception {
        CollectedDocuments.DOCUMENTS.clear();
        Throttle.PASSED.set(0);
        Throttle.ON.set(true);
        long half = fleet.fleet.events() / 2;
        JobClient first = build(before, null, half).executeAsync("auditml, to be stopped");
        while (Throttle.PASSED.get() <= half) {
            Thread.sleep(20);
        }
        String savepoint = first.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        first.getJobExecutionResult().get();
        int beforeStop = CollectedDocuments.DOCUMENTS.size();
        Throttle.ON.set(false);

        build(after, savepoint, half).execute("auditml, restored");

        assertThat(Throttle.PASSED.get()).as("lines read by both runs").isEqualTo(fleet.fleet.events());
        assertThat(beforeStop).as("documents before the stop").isPositive()
                .isLessThan(CollectedDocuments.DOCUMENTS.size());
        FlinkParityTest.assertSameResults(ResultLines.byJob(List.copyOf(CollectedDocuments.DOCUMENTS)),
                fleet.analyzed);
    }

    private static StreamExecutionEnvironment build(int parallelism, String savepoint, long throttleAfter) {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism, conf);
        AuditmlFlinkJob.results(AuditmlFlinkJob.fileLines(env, List.of(fleet.fleet.file()))
                        .map(new Throttle(throttleAfter)).setParallelism(1),
                new JobSet(AnalyzedFleet.MODULE, "")).sinkTo(new CollectedDocuments());
        return env;
    }
}

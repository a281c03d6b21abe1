package org.auditml.flink;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.auditml.flink.raw.RawReading;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw audit logs give on Flink, at any parallelism, byte for byte the result documents {@code analyze} gives for the
 * same file: the demo fleet's raw log (five hosts' records under {@code node=} in one file) and real logs of the
 * corpus (without {@code node=}: the default host's).
 */
class RawParityTest {
    static final RawReading READING = RawReading.withHost("demo-host");
    private static AnalyzedRawFleet fleet;
    private static Path rawLog;
    private static Map<String, List<String>> analyzed;

    @BeforeAll
    static void analyzeTheDemoFleetsRawLog() throws Exception {
        fleet = AnalyzedRawFleet.get();
        rawLog = fleet.rawLog;
        analyzed = fleet.analyzed;
        assertThat(analyzed.keySet()).containsExactly("hosts_high_count_process_events_ecs",
                "hosts_rare_process_activity_ecs");
        assertThat(analyzed.get("hosts_rare_process_activity_ecs"))
                .anySatisfy(d -> assertThat(d).contains("\"result_type\":\"record\"").contains("xxprimef"));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void theDemoFleetsRawLogOnFlinkGivesTheResultsOfAnalyze(int parallelism) throws Exception {
        FlinkParityTest.assertSameResults(onFlink(parallelism, env -> AuditmlFlinkJob.fileLines(env, List.of(rawLog))),
                analyzed);
    }

    @Test
    void nodesInterleavedInOneInputAreReassembledEachOnItsOwn(@TempDir Path dir) throws Exception {
        Path interleaved = dir.resolve("interleaved.log");
        assertThat(InterleavedNodes.write(rawLog, interleaved)).as("events cut by another node's records")
                .isGreaterThan(500);

        FlinkParityTest.assertSameResults(onFlink(4, env -> AuditmlFlinkJob.fileLines(env, List.of(interleaved))),
                analyzed);
    }

    /**
     * The whole demo fleet, the hosts' raw log and the Docker host's Auditbeat JSON, in one input (each line read in its
     * own format, as the reader reads a file holding both) gives what {@code analyze} gives for the two files: with
     * the hosts' module and the containers' (whose events are the Auditbeat ones).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AnalyzedFleet.MODULE, "auditbeat_process_docker_ecs"})
    void rawAndAuditbeatLinesInOneInputGiveTheResultsOfAnalyzeOfBoth(String module, @TempDir Path dir)
            throws Exception {
        Map<String, List<String>> expected = AnalyzedFleet.analyze(List.of(rawLog, fleet.containerLog),
                dir.resolve("store.duckdb"), module);
        assertThat(expected.values()).as("analyze's results").allSatisfy(docs -> assertThat(docs).isNotEmpty());
        Path mixed = dir.resolve("mixed.log");
        MixedLog.write(rawLog, fleet.containerLog, mixed);

        FlinkParityTest.assertSameResults(onFlink(4, module, env -> AuditmlFlinkJob.fileLines(env, List.of(mixed))),
                expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spade-detector2.0/audit.log", "qiangwang-syscall/audit.log"})
    void aRealLogOnFlinkGivesTheResultsOfAnalyze(String log, @TempDir Path dir) throws Exception {
        Path file = Corpus.root().resolve(log);
        Map<String, List<String>> expected = AnalyzedFleet.analyze(List.of(file), dir.resolve("store.duckdb"));
        assertThat(expected.values()).as("analyze's results").allSatisfy(docs -> assertThat(docs).isNotEmpty());

        FlinkParityTest.assertSameResults(onFlink(4, env -> AuditmlFlinkJob.fileLines(env, List.of(file))), expected);
    }

    /** Per job, the result documents of the module's jobs over the raw lines {@code input} gives. */
    static Map<String, List<String>> onFlink(int parallelism,
                                             Function<StreamExecutionEnvironment, DataStream<String>> input)
            throws Exception {
        return onFlink(parallelism, AnalyzedFleet.MODULE, input);
    }

    /** The same with another module. */
    static Map<String, List<String>> onFlink(int parallelism, String module,
                                             Function<StreamExecutionEnvironment, DataStream<String>> input)
            throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism);
        List<String> docs = new ArrayList<>();
        try (CloseableIterator<String> it = AuditmlFlinkJob.results(AuditmlFlinkJob.rawEvents(input.apply(env),
                READING), new JobSet(module, "")).executeAndCollect("auditml raw")) {
            it.forEachRemaining(docs::add);
        }
        return ResultLines.byJob(docs);
    }
}

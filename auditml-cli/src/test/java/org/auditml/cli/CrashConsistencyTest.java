package org.auditml.cli;

import org.auditml.service.AuditmlService;
import org.auditml.service.ResultQuery;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Killed at any moment, a run leaves a store (and an output file) that a rerun completes exactly: {@code analyze} of
 * a fortnight, in a JVM of its own, is killed at 30 points spread over its run (6 of them in its last 5 %), with
 * SIGKILL and with SIGTERM, run again to the end, and its stored results and events compared with a clean run's; so is
 * {@code parse -o}, whose output must be whole or absent after a kill.
 */
class CrashConsistencyTest {
    private static final int SPREAD = 24;
    private static final int AT_THE_END = 6;
    /** Signals that must find the run still going: a run may end before a late one, as run times vary. */
    private static final int MID_RUN = 15;
    @TempDir
    static Path dir;
    private static List<String> analyze;
    private static Stored clean;
    private static long cleanMillis;

    private record Stored(long events, List<String> results) {
    }

    /** What one kill did: whether it stopped the run (else the run had ended), and what the rerun left. */
    private record Outcome(double at, boolean killedMidRun, Stored stored, String err) {
    }

    @BeforeAll
    static void cleanRun() throws Exception {
        DemoFleet.Written w = DemoFleet.write(dir, 2026);
        analyze = List.of("analyze", w.rawLog().toString(), w.containerLog().toString(), "--host", "demo-host",
                "--module", "auditbeat_process_hosts_ecs", "--module", "auditbeat_process_docker_ecs");
        Path db = dir.resolve("clean.duckdb");
        cleanMillis = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) { // the shorter of two clean runs: the second finds the files cached
            Files.deleteIfExists(db);
            long t0 = System.nanoTime();
            assertThat(child(with(analyze, "--db", db.toString()), dir.resolve("clean.err")).waitFor()).isZero();
            cleanMillis = Math.min(cleanMillis, (System.nanoTime() - t0) / 1_000_000);
        }
        clean = stored(db);
        assertThat(clean.results()).hasSizeGreaterThan(1000);
    }

    @Test
    void analyze_killedAtAnyMoment_thenRunAgain_storesWhatACleanRunStores() throws Exception {
        List<Outcome> outcomes = killAndRerun("kill", true);

        assertThat(outcomes).filteredOn(o -> !o.stored().equals(clean)).extracting(Outcome::at)
                .as("kills (as a share of a clean run's time) after which the rerun stored other events or results")
                .isEmpty();
        assertThat(outcomes).filteredOn(Outcome::killedMidRun).hasSizeGreaterThanOrEqualTo(MID_RUN);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void analyze_stoppedBySigterm_saysSo_andARerunStoresWhatACleanRunStores() throws Exception {
        List<Outcome> outcomes = killAndRerun("term", false);

        assertThat(outcomes).filteredOn(o -> !o.stored().equals(clean)).extracting(Outcome::at)
                .as("SIGTERMs (as a share of a clean run's time) after which the rerun stored other events or results")
                .isEmpty();
        assertThat(outcomes).filteredOn(Outcome::killedMidRun).hasSizeGreaterThanOrEqualTo(MID_RUN);
        // once the JVM has started auditml (not in its first moments), a stopped run says so
        assertThat(outcomes).filteredOn(o -> o.killedMidRun() && o.at() >= 0.3)
                .extracting(o -> o.err().lines().findFirst().orElse("(nothing)")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("auditml: stopped before the end;"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void parseToAFile_killed_leavesTheWholeFileOrNone() throws Exception {
        Path log = dir.resolve("audit.log");
        Path whole = dir.resolve("whole.ndjson");
        assertThat(child(List.of("parse", log.toString(), "--host", "h", "-o", whole.toString()),
                dir.resolve("parse.err")).waitFor()).isZero();
        long expected = Files.size(whole);
        for (int i = 0; i < 8; i++) {
            Path out = dir.resolve("parsed-" + i + ".ndjson");
            Process p = child(List.of("parse", log.toString(), "--host", "h", "-o", out.toString()),
                    dir.resolve("parse-" + i + ".err"));
            p.waitFor(cleanMillis * (i + 1) / 9, TimeUnit.MILLISECONDS);
            p.destroyForcibly().waitFor();
            if (Files.exists(out)) {
                assertThat(Files.size(out)).as("an output present after a kill is whole").isEqualTo(expected);
            }
            assertThat(child(List.of("parse", log.toString(), "--host", "h", "-o", out.toString()),
                    dir.resolve("parse-" + i + ".rerun.err")).waitFor()).isZero();
            assertThat(out).hasSameBinaryContentAs(whole);
            assertThat(dir.resolve(out.getFileName() + ".partial")).as("the partial file is taken up again").doesNotExist();
        }
    }

    @Test
    void results_whileAnalyzeWritesTheStore_saysItIsBusyAndByWhom() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            Path db = dir.resolve("busy-" + attempt + ".duckdb");
            Process writer = child(with(analyze, "--db", db.toString()), dir.resolve("busy-" + attempt + ".err"));
            while (writer.isAlive() && !Files.exists(db)) {
                Thread.sleep(20);
            }
            Thread.sleep(cleanMillis / 4);
            Cli reader = Cli.run("results", "--db", db.toString());
            boolean wasWriting = writer.isAlive();
            writer.waitFor();
            if (wasWriting) {
                assertThat(reader.exitCode()).isEqualTo(1);
                assertThat(reader.err()).startsWith("error: the store " + db + " is busy: process " + writer.pid()
                        + " (java) is using it; wait for it to end, or give another --db");
                assertThat(Cli.run("results", "--db", db.toString()).out().lines().toList()).isEqualTo(clean.results());
                return;
            }
        }
        throw new AssertionError("the writer ended each time before the reader could try");
    }

    /** Kills a run at each point (SIGKILL or SIGTERM), reruns it to the end, and reads what the store holds. */
    private static List<Outcome> killAndRerun(String name, boolean forcibly) throws Exception {
        List<Double> points = new ArrayList<>();
        for (int i = 0; i < SPREAD; i++) {
            points.add(0.05 + 0.9 * i / (SPREAD - 1));
        }
        for (int i = 0; i < AT_THE_END; i++) {
            points.add(0.95 + 0.05 * (i + 1) / AT_THE_END);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Path db = dir.resolve(name + "-" + i + ".duckdb");
            Path err = dir.resolve(name + "-" + i + ".err");
            List<String> args = with(analyze, "--db", db.toString());
            Process run = child(args, err);
            if (!run.waitFor(Math.round(cleanMillis * points.get(i)), TimeUnit.MILLISECONDS)) {
                if (forcibly) {
                    run.destroyForcibly();
                } else {
                    run.destroy();
                }
            }
            boolean stopped = run.waitFor() != 0; // else it had ended (or was ending) when the signal came
            String said = Files.readString(err);
            assertThat(child(args, dir.resolve(name + "-" + i + ".rerun.err")).waitFor()).as("rerun after %s", name)
                    .isZero();
            outcomes.add(new Outcome(points.get(i), stopped, stored(db), said));
        }
        System.out.printf("%s: %d signals over a %d ms run, %d stopped it, %d reruns stored what a clean run stores%n",
                forcibly ? "SIGKILL" : "SIGTERM", outcomes.size(), cleanMillis,
                outcomes.stream().filter(Outcome::killedMidRun).count(),
                outcomes.stream().filter(o -> o.stored().equals(clean)).count());
        return outcomes;
    }

    private static Stored stored(Path db) {
        try (AuditmlService service = AuditmlService.openToRead(db)) {
            return new Stored(service.eventCount(), service.results(ResultQuery.all()));
        }
    }

    /** Chunk files left beside the stores (each rerun opens its store, which removes those of killed runs). */
    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("auditml-chunk-")).toList();
        }
    }

    /** auditml in a JVM of its own, with this test's classes (compiled quickly: the runs are short). */
    private static Process child(List<String> args, Path err) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}

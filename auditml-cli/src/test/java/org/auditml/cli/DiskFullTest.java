package org.auditml.cli;

import org.auditml.service.AuditmlService;
import org.auditml.service.ResultQuery;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk: on a 6 MB filesystem of the test's own (a tmpfs, where the machine lets it be mounted), the container
 * log of the demo fleet is analysed, then its hosts' log, which does not fit. The failure says "no space left on
 * device" with the place and what to do; the store stays readable with what the first run committed; and, moved to
 * where there is room, the second run completes it exactly as runs that never lacked space.
 */
class DiskFullTest {
    @TempDir
    static Path dir;
    private static Path small;
    private static DemoFleet.Written fleet;

    @BeforeAll
    static void mountASmallFilesystem() throws Exception {
        small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes()).strip();
        if (mount.waitFor() != 0) {
            System.err.println("skipped: the disk-full tests need to mount a small tmpfs, which this machine refuses ("
                    + said + ")");
            throw new TestAbortedException("cannot mount a tmpfs: " + said);
        }
        fleet = DemoFleet.write(dir, 2026);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (small != null) {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void analyze_onAFullDisk_saysSo_keepsWhatWasCommitted_andARerunWithRoomCompletesIt() throws Exception {
        Path db = small.resolve("store.duckdb");
        Cli first = analyze(fleet.containerLog(), db);
        Cli full = analyze(fleet.rawLog(), db);

        assertThat(first.exitCode()).isZero();
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.err().lines().findFirst().orElse("")).startsWith("error: no space left on device: " + small)
                .contains("the store keeps what was committed before; free some space and run the same command again");
        long kept;
        List<String> keptResults;
        try (AuditmlService service = AuditmlService.openToRead(db)) {
            kept = service.eventCount();
            keptResults = service.results(ResultQuery.all());
        }
        assertThat(kept).isEqualTo(3716); // the container log's events
        assertThat(keptResults).isNotEmpty();

        Path roomy = Files.createDirectories(dir.resolve("roomy"));
        try (Stream<Path> files = Files.list(small)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("store.duckdb")).toList()) {
                Files.copy(f, roomy.resolve(f.getFileName()));
            }
        }
        assertThat(analyze(fleet.rawLog(), roomy.resolve("store.duckdb")).exitCode()).isZero();
        Path clean = dir.resolve("clean.duckdb");
        analyze(fleet.containerLog(), clean);
        analyze(fleet.rawLog(), clean);

        assertThat(stored(roomy.resolve("store.duckdb"))).isEqualTo(stored(clean));
    }

    @Test
    void parse_toAFullDisk_saysSo_andLeavesNoHalfFile() {
        Path out = small.resolve("events.ndjson");

        Cli cli = Cli.run("parse", fleet.rawLog().toString(), "--host", "demo-host", "-o", out.toString());

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).startsWith("error: cannot write " + out + ": no space left on device");
        assertThat(out).doesNotExist();
        assertThat(small.resolve("events.ndjson.partial")).doesNotExist();
    }

    private static Cli analyze(Path log, Path db) {
        return Cli.run("analyze", log.toString(), "--db", db.toString(), "--host", "demo-host",
                "--module", "auditbeat_process_hosts_ecs", "--module", "auditbeat_process_docker_ecs");
    }

    private static List<String> stored(Path db) throws IOException {
        try (AuditmlService service = AuditmlService.openToRead(db)) {
            List<String> all = new java.util.ArrayList<>(service.results(ResultQuery.all()));
            all.add("events: " + service.eventCount());
            return all;
        }
    }
}

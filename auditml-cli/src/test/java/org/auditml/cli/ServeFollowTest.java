package org.auditml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.store.AuditStore;
import org.auditml.store.EventIdentity;
import org.auditml.testkit.FleetLogGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --follow}, in a JVM of its own, follows a raw log that a writer grows to about 100,000 events of a
 * fleet, with a rename-and-create rotation in the middle (and lines written to the renamed file after it); it is
 * killed with SIGKILL twice, once before the rotation (and restarted after it), once while it reads the new file.
 * At the end the store holds exactly what {@code analyze} of the two files stores, and the position's count of the
 * events it stored equals the events a reader of the files finds: none was stored twice, even before the store's
 * identity would have dropped it. A directory is refused before the store is made.
 */
class ServeFollowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final long START = 1_764_000_000_000L;
    private static final long WAIT_MILLIS = 180_000;

    @TempDir
    Path dir;

    @Test
    void serveFollow_killedTwiceAcrossARotation_storesEveryEventOfTheLogsOnce() throws Exception {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        FleetLogGenerator.Truth truth = new FleetLogGenerator(15, 10, START, 0.2).write(generated, 86_000_000);
        Writer writer = new Writer(generated.toByteArray(), dir.resolve("logs/audit.log"));
        Path log = writer.target;
        Path rotated = dir.resolve("logs/audit.log.1");
        Files.createDirectories(log.getParent());
        Path db = dir.resolve("follow.duckdb");
        long total = truth.events();

        Serve first = Serve.start(db, log, dir, "first");
        writer.writeTo(0.3);
        long killed1 = first.waitUntil(f -> f.path("events").asLong() >= total / 10).path("events").asLong();
        first.kill();

        writer.writeTo(0.5);
        Files.move(log, rotated); // rename-and-create, as auditd rotates; it writes a little more to the old file
        writer.target = rotated;
        writer.writeTo(0.52);
        writer.target = log;
        writer.writeTo(0.65);
        Serve second = Serve.start(db, log, dir, "second");
        long killed2 = second.waitUntil(f -> f.path("events").asLong() >= total * 55 / 100).path("events").asLong();
        second.kill();

        Serve third = Serve.start(db, log, dir, "third");
        writer.writeTo(1.0);
        long size = Files.size(log);
        JsonNode done = third.waitUntil(f -> log.toString().equals(f.path("file").asText())
                && f.path("offset").asLong() == size);
        assertThat(done.path("lag_bytes").asLong()).isZero();
        assertThat(done.path("state").asText()).isEqualTo("following");
        third.stop();

        Path fresh = dir.resolve("analyzed.duckdb");
        Cli analyzed = Cli.run("analyze", rotated.toString(), log.toString(), "--db", fresh.toString());
        assertThat(analyzed.exitCode()).as(analyzed.err()).isZero();
        List<String> expected = events(fresh);
        List<String> followed = events(db);
        System.out.printf("serve --follow: %d events written; killed at %d and %d stored; %d stored at the end, %d by "
                + "analyze%n", total, killed1, killed2, followed.size(), expected.size());
        assertThat(followed).hasSize(expected.size()).isEqualTo(expected);
        assertThat((long) expected.size()).isEqualTo(total);
        // an event whose records the rotation split is read once from each file, by analyze as by the follower
        long read = new AuditReader(ReaderOptions.defaults("h")).read(List.of(rotated, log), null).events();
        assertThat(done.path("events").asLong()).as("events the position counts as stored").isEqualTo(read);
        for (String run : List.of("first", "second", "third")) {
            String said = Files.readString(dir.resolve(run + ".err"));
            System.out.print(said.lines().map(l -> run + ": " + l + "\n").reduce("", String::concat));
            assertThat(said).as(run).doesNotContain("failed");
        }
    }

    @Test
    void serveFollow_aDirectory_isRefusedBeforeTheStoreIsMade() {
        Path db = dir.resolve("db.duckdb");

        Cli cli = Cli.run("serve", "--db", db.toString(), "--port", "0", "--follow", dir.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: --follow " + dir + " is a directory; give the log file, e.g. "
                + dir.resolve("audit.log") + "\n");
        assertThat(db).doesNotExist();
    }

    /** Every stored event as time, host, serial and the text it was read from, sorted. */
    private static List<String> events(Path db) {
        List<String> keys = new ArrayList<>();
        try (AuditStore store = AuditStore.openReadOnly(db)) {
            store.forEachEvent(Long.MIN_VALUE, Long.MAX_VALUE, (AuditEvent e) -> keys.add(e.timestampMillis() + " "
                    + EventIdentity.host(e) + " " + EventIdentity.serial(e) + " " + e.original()));
        }
        return keys.stream().sorted().toList();
    }

    /** Appends the generated log's whole lines to its target, a few hundred kB at a time, as a busy auditd would. */
    private static final class Writer {
        private static final int STEP = 256 * 1024;
        private final byte[] log;
        private int written;
        Path target;

        Writer(byte[] log, Path target) {
            this.log = log;
            this.target = target;
        }

        void writeTo(double share) throws IOException, InterruptedException {
            int until = endOfLine((int) (log.length * share));
            while (written < until) {
                int to = endOfLine(Math.min(until, written + STEP));
                try (var out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    out.write(log, written, to - written);
                }
                written = to;
                Thread.sleep(2);
            }
        }

        private int endOfLine(int at) {
            int i = Math.max(at, 1);
            while (i < log.length && log[i - 1] != '\n') {
                i++;
            }
            return Math.min(i, log.length);
        }
    }

    /** {@code auditml serve --follow} in a JVM of its own. */
    private record Serve(Process process, int port) {
        static Serve start(Path db, Path log, Path dir, String name) throws Exception {
            Path out = dir.resolve(name + ".out");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "serve", "--db", db.toString(), "--port", "0", "--follow", log.toString());
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(dir.resolve(name + ".err").toFile()).start();
            long until = System.currentTimeMillis() + WAIT_MILLIS;
            while (System.currentTimeMillis() < until) {
                Matcher m = LISTENING.matcher(Files.exists(out) ? Files.readString(out) : "");
                if (m.find()) {
                    return new Serve(p, Integer.parseInt(m.group(1)));
                }
                assertThat(p.isAlive()).as("serve %s is running: %s", name,
                        Files.readString(dir.resolve(name + ".err"))).isTrue();
                Thread.sleep(50);
            }
            p.destroyForcibly();
            throw new AssertionError("serve " + name + " did not start");
        }

        /** The followed log's figures from {@code GET /api/follow}, once they satisfy {@code done}. */
        JsonNode waitUntil(Predicate<JsonNode> done) throws Exception {
            long until = System.currentTimeMillis() + WAIT_MILLIS;
            JsonNode file = null;
            while (System.currentTimeMillis() < until) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/follow")).build(), HttpResponse.BodyHandlers.ofString());
                file = JSON.readTree(r.body()).path("files").path(0);
                if (done.test(file)) {
                    return file;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the follower did not get there: " + file);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        void stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor()).as("exit on SIGTERM").isEqualTo(128 + 15);
        }
    }
}

package org.auditml.service.follow;

import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.read.accounts.HostAccounts;
import org.auditml.store.AuditStore;
import org.auditml.store.EventIdentity;
import org.auditml.store.FilePosition;
import org.auditml.testkit.FleetLogGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A followed log, written in steps as auditd writes it (a seeded fleet's raw lines, concurrent events interleaved),
 * ends up in the store as {@code analyze} of the same files stores it: through a partial last line, a quiet log, a
 * rename-and-create rotation with lines written to the old file after the rename, copytruncate, and restarts; and no
 * event is handed to the store twice, so the position alone makes a restart exact.
 */
class FileFollowerTest {
    private static final long START = 1_764_000_000_000L;
    private static final long QUIET = 2000;

    @TempDir
    Path dir;
    private Path log;
    private AuditStore store;
    private Recording recording;
    private final List<String> said = new ArrayList<>();
    private long now;

    /** The store, counting the events handed to it with a position. */
    private static final class Recording implements FollowStore {
        final AuditStore store;
        long handed;

        Recording(AuditStore store) {
            this.store = store;
        }

        @Override
        public Optional<FilePosition> position(String path) {
            return store.filePositions().of(path);
        }

        @Override
        public void store(List<AuditEvent> events, FilePosition position) {
            handed += events.size();
            store.ingest(position.path(), events, position);
        }

        @Override
        public void recordMalformed(String host, String path, long malformedLines) {
            store.readLoss().put(host, path, 0, 0, malformedLines);
        }
    }

    @BeforeEach
    void openStore() {
        log = dir.resolve("audit.log");
        store = AuditStore.open(dir.resolve("store/auditml.duckdb"));
        recording = new Recording(store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private FileFollower follower() {
        return new FileFollower(recording, List.of(log), "here", HostAccounts.none(), QUIET, () -> now, said::add);
    }

    /** Polls until nothing is new, lets the quiet time pass, and polls again: what a quiet log ends with. */
    private void pollUntilQuiet(FileFollower follower) {
        for (int i = 0; i < 20; i++) {
            while (follower.pollOnce()) {
                // more to read
            }
            now += QUIET;
        }
        follower.pollOnce();
    }

    /** A seeded fleet's raw log of about {@code bytes}, as lines with their newlines. */
    private static List<String> lines(long seed, long bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FleetLogGenerator(seed, 4, START, 0.3).write(out, bytes);
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> l + "\n").toList();
    }

    /** The first line at or after {@code i} that begins a new event with no earlier one still open: a rotation's place. */
    private static int eventBoundary(List<String> lines, int i) {
        Map<String, Integer> last = new java.util.HashMap<>();
        for (int k = 0; k < lines.size(); k++) {
            last.put(event(lines.get(k)), k);
        }
        int reach = 0;
        for (int k = 0; k < lines.size(); k++) {
            if (k >= i && reach < k) {
                return k;
            }
            reach = Math.max(reach, last.get(event(lines.get(k))));
        }
        return lines.size();
    }

    private static String event(String line) {
        return line.substring(0, line.indexOf(' ')) + line.substring(line.indexOf("msg=audit("), line.indexOf("):"));
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("", lines), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String key(AuditEvent e) {
        return e.timestampMillis() + " " + EventIdentity.host(e) + " " + EventIdentity.serial(e) + " " + e.original();
    }

    /** What analyze stores of the files, read one after another: each identity once, in order. */
    private static List<String> analyzed(Path... files) {
        Map<String, String> once = new LinkedHashMap<>();
        new AuditReader(ReaderOptions.defaults("here")).read(List.of(files), e -> once.putIfAbsent(
                e.timestampMillis() + " " + EventIdentity.host(e) + " " + EventIdentity.serial(e), key(e)));
        return once.values().stream().sorted().toList();
    }

    private List<String> stored() {
        List<String> keys = new ArrayList<>();
        store.forEachEvent(Long.MIN_VALUE, Long.MAX_VALUE, e -> keys.add(key(e)));
        return keys.stream().sorted().toList();
    }

    @Test
    void linesAppendedInSteps_areStoredAsTheirEventsBecomeWhole_andAPartialLastLineWaits() throws IOException {
        List<String> lines = lines(1, 400_000);
        FileFollower follower = follower();
        int third = lines.size() / 3;
        append(log, lines.subList(0, third));
        follower.pollOnce();
        List<String> all = analyzed(writeWhole(lines));
        assertThat(stored()).isNotEmpty().isSubsetOf(all);

        String last = lines.get(lines.size() - 1);
        append(log, lines.subList(third, lines.size() - 1));
        append(log, List.of(last.substring(0, 40)));
        follower.pollOnce();
        assertThat(follower.files().get(0).offset()).as("the partial line, and the event it ends, wait")
                .isPositive().isLessThanOrEqualTo(Files.size(log) - 40);
        append(log, List.of(last.substring(40)));
        pollUntilQuiet(follower);

        assertThat(stored()).isEqualTo(all);
        assertThat(recording.handed).as("events handed to the store").isEqualTo(all.size());
        assertThat(follower.files().get(0)).extracting(FollowedFile::offset, FollowedFile::size, FollowedFile::events)
                .containsExactly(Files.size(log), Files.size(log), (long) all.size());
        follower.close();
    }

    /** The whole log, written beside the followed one: what analyze would read. */
    private Path writeWhole(List<String> lines) throws IOException {
        Path whole = dir.resolve("whole.log");
        Files.writeString(whole, String.join("", lines));
        return whole;
    }

    @Test
    void anEventWithoutItsLastRecord_isStoredOnceTheLogHasBeenQuiet() throws IOException {
        FileFollower follower = follower();
        append(log, List.of("node=web-01 type=SYSCALL msg=audit(1764000000.123:4242): arch=c000003e syscall=59 "
                + "success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=77 auid=0 uid=0 gid=0 euid=0 suid=0 "
                + "fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=\"x\" exe=\"/usr/bin/x\" key=(null)\n"));
        follower.pollOnce();
        now += QUIET - 1;
        follower.pollOnce();
        assertThat(store.eventCount()).as("the event may still get records").isZero();
        now += 1;
        follower.pollOnce();
        assertThat(stored()).isEqualTo(analyzed(log)).hasSize(1);
        follower.close();
    }

    @Test
    void eventsThatNeverAllCloseAtOnce_areStoredAnyway_andThePositionStaysBeforeTheFirstOpenOne() throws IOException {
        List<String> lines = new ArrayList<>();
        int n = FollowedLog.MAX_BATCH_EVENTS + 5000;
        for (int serial = 1; serial <= n + 1; serial++) { // each event opens before the one before it ends
            if (serial <= n) {
                lines.add("node=web-01 type=SYSCALL msg=audit(1764000000.000:" + serial + "): arch=c000003e syscall=59 "
                        + "success=yes exit=0 items=0 ppid=1 pid=" + serial + " uid=0 comm=\"ls\" exe=\"/usr/bin/ls\"\n");
            }
            if (serial > 1) {
                lines.add("node=web-01 type=PROCTITLE msg=audit(1764000000.000:" + (serial - 1) + "): proctitle=6C73\n");
            }
        }
        append(log, lines);
        FileFollower follower = follower();
        follower.pollOnce(); // a batch read: the last line, which closes every event, is not among it
        assertThat(store.eventCount()).as("stored before any cut").isPositive();
        assertThat(follower.files().get(0).offset()).isZero();
        pollUntilQuiet(follower);

        assertThat(stored()).isEqualTo(analyzed(log)).hasSize(n);
        assertThat(follower.files().get(0).offset()).isEqualTo(Files.size(log));
        follower.close();
    }

    @Test
    void renameAndCreate_midStream_withLinesWrittenToTheRenamedFile_storesEveryEventOnce() throws IOException {
        List<String> lines = lines(2, 600_000);
        int a = eventBoundary(lines, lines.size() * 4 / 10);
        int b = eventBoundary(lines, lines.size() / 2);
        FileFollower follower = follower();
        append(log, lines.subList(0, a));
        follower.pollOnce();
        Path rotated = dir.resolve("audit.log.1");
        Files.move(log, rotated);
        append(rotated, lines.subList(a, b)); // auditd still writing to the file it has open
        append(log, lines.subList(b, lines.size()));
        pollUntilQuiet(follower);

        List<String> expected = analyzed(rotated, log);
        assertThat(stored()).isEqualTo(expected);
        assertThat(recording.handed).isEqualTo(expected.size());
        assertThat(follower.files().get(0).file()).isEqualTo(log.toString());
        follower.close();
    }

    @Test
    void copytruncate_readsTheRestOfTheCopy_thenTheTruncatedFileFromItsStart() throws IOException {
        List<String> lines = lines(3, 400_000);
        int a = lines.size() / 4;
        int b = eventBoundary(lines, lines.size() / 3);
        FileFollower follower = follower();
        append(log, lines.subList(0, a));
        follower.pollOnce();
        append(log, lines.subList(a, b)); // written after the last read: only the copy will have it
        Path copy = dir.resolve("audit.log.1");
        Files.copy(log, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, lines.subList(b, lines.size())); // longer than before: the first line tells
        pollUntilQuiet(follower);

        List<String> expected = analyzed(copy, log);
        assertThat(stored()).isEqualTo(expected);
        assertThat(recording.handed).isEqualTo(expected.size());
        assertThat(said).containsExactly("follow: " + log + " was truncated (copytruncate); reading the rest of its "
                + "copy " + copy + ", then it again from its start");
        follower.close();
    }

    @Test
    void copytruncate_withoutACopy_readsTheTruncatedFileAgainFromItsStart() throws IOException {
        List<String> lines = lines(8, 200_000);
        int a = eventBoundary(lines, lines.size() / 2);
        FileFollower follower = follower();
        append(log, lines.subList(0, a));
        pollUntilQuiet(follower);
        Path first = writeWhole(lines.subList(0, a));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, lines.subList(a, lines.size()));
        pollUntilQuiet(follower);

        List<String> expected = analyzed(first, log);
        assertThat(stored()).isEqualTo(expected);
        assertThat(recording.handed).isEqualTo(expected.size());
        assertThat(said).containsExactly("follow: " + log + " was truncated (copytruncate); reading it again from its start");
        follower.close();
    }

    @Test
    void restart_afterTwoRotationsWhileStopped_finishesTheFileItStoppedIn_thenTheNewerOnes() throws IOException {
        List<String> lines = lines(4, 800_000);
        int n = lines.size();
        FileFollower first = follower();
        append(log, lines.subList(0, n / 4));
        first.pollOnce(); // stops with the last events of its read not yet whole
        first.close();
        long stored = store.eventCount();
        assertThat(stored).isPositive();

        int r1 = eventBoundary(lines, n / 3);
        int r2 = eventBoundary(lines, n * 2 / 3);
        append(log, lines.subList(n / 4, r1));
        Path one = dir.resolve("audit.log.1");
        Path two = dir.resolve("audit.log.2");
        Files.move(log, one);
        append(log, lines.subList(r1, r2));
        Files.move(one, two);
        Files.move(log, one);
        append(log, lines.subList(r2, n));
        FileFollower second = follower();
        pollUntilQuiet(second);

        List<String> expected = analyzed(two, one, log);
        assertThat(stored()).isEqualTo(expected);
        assertThat(recording.handed).as("no event handed twice across the restart").isEqualTo(expected.size());
        second.close();
    }

    @Test
    void restart_withoutRotation_goesOnFromThePosition() throws IOException {
        List<String> lines = lines(5, 300_000);
        FileFollower first = follower();
        append(log, lines.subList(0, lines.size() / 2));
        first.pollOnce();
        first.close();
        append(log, lines.subList(lines.size() / 2, lines.size()));
        FileFollower second = follower();
        pollUntilQuiet(second);

        assertThat(stored()).isEqualTo(analyzed(log));
        assertThat(recording.handed).isEqualTo(analyzed(log).size());
        assertThat(second.files().get(0).events()).isEqualTo(analyzed(log).size());
        second.close();
    }

    @Test
    void aMissingFile_isWaitedFor_andSaidOnce() throws IOException {
        FileFollower follower = follower();
        for (int i = 0; i < 3; i++) {
            follower.pollOnce();
            now += QUIET;
        }
        assertThat(said).containsExactly("follow: waiting for " + log + " to appear");
        assertThat(follower.files().get(0).state()).isEqualTo("waiting for " + log + " to appear");
        append(log, lines(6, 50_000));
        pollUntilQuiet(follower);
        assertThat(stored()).isEqualTo(analyzed(log));
        assertThat(follower.files().get(0).state()).isEqualTo("following");
        follower.close();
    }

    @Test
    void aMalformedLine_isSaidWithFileAndLine_andCountedForTheDataHealthView() throws IOException {
        List<String> lines = new ArrayList<>(lines(7, 50_000));
        lines.add(10, "this is no audit record\n");
        append(log, lines);
        FileFollower follower = follower();
        pollUntilQuiet(follower);

        assertThat(said).contains("follow: " + log + ":11: no type= field: this is no audit record");
        assertThat(follower.files().get(0).malformedLines()).isEqualTo(1);
        assertThat(store.readLoss().byHost().get("").malformedLines()).isEqualTo(1);
        assertThat(stored()).isEqualTo(analyzed(log));
        follower.close();
    }
}

package org.auditml.read;

import org.auditml.testkit.FleetLogGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Input that used to be read wrongly without a word: each is read right, or refused with its file and line. */
class InputCasesTest {
    private static final String RAW = """
            node=web-01 type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=200 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="ls" exe="/usr/bin/ls" key="exec"
            node=web-01 type=EXECVE msg=audit(1700000000.100:10): argc=1 a0="ls"
            node=web-01 type=PROCTITLE msg=audit(1700000000.100:10): proctitle=6C73
            """;
    private static final String JSON = "{\"@timestamp\":\"2023-11-14T22:13:21.000Z\",\"host\":{\"name\":\"db-01\"},"
            + "\"event\":{\"module\":\"auditd\",\"action\":\"executed\"},\"process\":{\"executable\":\"/usr/bin/id\","
            + "\"pid\":%s},\"auditd\":{\"sequence\":7}}\n";

    private final AuditReader reader = new AuditReader(ReaderOptions.defaults("this-host"));

    private record Read(List<AuditEvent> events, ReadReport report) {
    }

    private Read read(byte[] bytes) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        ReadReport report = new ReadReport();
        reader.read("in.log", new ByteArrayInputStream(bytes), events::add, report);
        return new Read(events, report);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withBom(String s) {
        byte[] text = utf8(s);
        byte[] out = new byte[text.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(text, 0, out, 3, text.length);
        return out;
    }

    @Test
    void read_byteOrderMarkBeforeJsonOrRaw_isNotPartOfTheFirstLine() throws IOException {
        Read json = read(withBom(JSON.formatted("42") + JSON.formatted("43")));
        Read raw = read(withBom(RAW));

        assertThat(json.events()).hasSize(2);
        assertThat(json.report().problemCount()).isZero();
        assertThat(raw.events()).singleElement().satisfies(e -> assertThat(e.get("process.pid")).isEqualTo(200L));
        assertThat(raw.report().problemCount()).isZero();
    }

    @Test
    void read_rawAndJsonLinesInOneFile_readsEachInItsFormat() throws IOException {
        Read r = read(utf8(JSON.formatted("42") + RAW + JSON.formatted("43")));

        assertThat(r.events()).extracting(e -> e.getString("process.executable"))
                .containsExactlyInAnyOrder("/usr/bin/id", "/usr/bin/ls", "/usr/bin/id");
        assertThat(r.report().problemCount()).isZero();
        assertThat(r.report().sources().get("in.log").format()).isEqualTo("raw and auditbeat-json");
    }

    @Test
    void read_numbersOutOfRangeOrOfTheWrongType_areRefusedWithTheLine_andTheRestIsRead() throws IOException {
        Read r = read(utf8(JSON.formatted("42") + JSON.formatted("1e30") + JSON.formatted("100000000000000000000")
                + JSON.formatted("\"forty\"") + JSON.formatted("43")));

        assertThat(r.events()).extracting(e -> e.get("process.pid")).containsExactly(42L, 43L);
        assertThat(r.report().problems()).extracting(ParseProblem::line, ParseProblem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "process.pid must be a whole number or text; was 1.0E30"),
                org.assertj.core.groups.Tuple.tuple(3L, "process.pid is out of range: 100000000000000000000"),
                org.assertj.core.groups.Tuple.tuple(4L, "process.pid must be a whole number; was \"forty\""));
    }

    @Test
    void read_hostNameGivenAsAnObject_isRefusedNotStoredEmpty() throws IOException {
        Read r = read(utf8(JSON.formatted("42").replace("{\"name\":\"db-01\"}", "{\"name\":{\"first\":\"db\"}}")));

        assertThat(r.events()).isEmpty();
        assertThat(r.report().problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).startsWith("host.name must be a value; was an object");
        });
    }

    @Test
    void expand_aDirectory_readsRotatedLogsOldestFirst_andNamesWhatItLeavesOut(@TempDir Path dir) throws IOException {
        for (String name : List.of("audit.log", "audit.log.1", "audit.log.10", "audit.log.2.gz", "audit.log-20240101",
                "audit.log-20231231.gz", "audit.log.99999999999", "notes.txt")) {
            Files.writeString(dir.resolve(name), "");
        }
        Files.createDirectory(dir.resolve("archive"));
        List<String> notes = new ArrayList<>();

        List<Path> files = AuditFiles.expand(List.of(dir), notes::add);

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("audit.log-20231231.gz",
                "audit.log-20240101", "audit.log.99999999999", "audit.log.10", "audit.log.2.gz", "audit.log.1",
                "audit.log");
        assertThat(notes).containsExactly("not read: " + dir.resolve("archive") + " (a directory)",
                "not read: " + dir.resolve("notes.txt")
                        + " (not named audit.log, audit.log.N or audit.log-DATE, optionally .gz)");
    }

    @Test
    void read_aMissingFile_saysWhy(@TempDir Path dir) {
        ReadReport report = reader.read(List.of(dir.resolve("gone.log")), e -> { });

        assertThat(report.problems()).singleElement().satisfies(p ->
                assertThat(p.toString()).isEqualTo(dir.resolve("gone.log") + ":0: cannot read: no such file or directory"));
    }

    @Test
    void read_aTruncatedGzip_givesEveryWholeLineBeforeTheBreak_asZcatRecoversThem(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new FleetLogGenerator(3, 4, 1_700_000_000_000L, 0.05).write(log, 2_000_000);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            log.writeTo(out);
        }
        byte[] half = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        byte[] recovered = wholeLinesOf(half);
        assertThat(recovered.length).isBetween(log.size() / 3, log.size() * 2 / 3);

        Read truncated = read(half);
        Read plain = read(recovered);

        assertThat(truncated.events()).hasSize(plain.events().size()).hasSizeGreaterThan(1000);
        assertThat(truncated.events()).extracting(AuditEvent::original)
                .containsExactlyElementsOf(plain.events().stream().map(AuditEvent::original).toList());
        assertThat(truncated.report().problems()).singleElement().satisfies(p ->
                assertThat(p.reason()).startsWith("truncated gzip: the compressed data breaks off after "
                        + recovered.length + " bytes of text; the incomplete last line"));
    }

    /** What zcat writes of a truncated file, up to its last line break. */
    private static byte[] wholeLinesOf(byte[] gzip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (EOFException e) {
            // the break
        }
        byte[] all = out.toByteArray();
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
            end--;
        }
        return Arrays.copyOf(all, end);
    }
}

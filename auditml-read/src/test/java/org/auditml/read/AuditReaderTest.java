package org.auditml.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader end to end: formats, files, and bad input that must cost only itself. */
class AuditReaderTest {
    private static final String EXEC = """
            node=web-01 type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=200 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="ls" exe="/usr/bin/ls" key="exec"
            node=web-01 type=EXECVE msg=audit(1700000000.100:10): argc=2 a0="ls" a1="-la"
            node=web-01 type=PATH msg=audit(1700000000.100:10): item=0 name="/usr/bin/ls" inode=1 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL
            node=web-01 type=PROCTITLE msg=audit(1700000000.100:10): proctitle=6C73002D6C61
            """;

    private final AuditReader reader = new AuditReader(ReaderOptions.defaults("this-host"));

    private record Result(List<AuditEvent> events, ReadReport report) {
    }

    private Result read(String name, byte[] bytes) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        ReadReport report = new ReadReport();
        reader.read(name, new ByteArrayInputStream(bytes), events::add, report);
        return new Result(events, report);
    }

    private Result read(String text) throws IOException {
        return read("audit.log", text.getBytes(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"-1", "2000000000"})
    void read_damagedArgc_keepsTheEventWithAWarningAndReadsOn(String argc) throws IOException {
        Result r = read(EXEC.replace("argc=2", "argc=" + argc) + EXEC.replace(":10)", ":11)"));

        assertThat(r.events()).hasSize(2);
        AuditEvent damaged = r.events().get(0);
        assertThat(damaged.get("process.args")).isEqualTo(List.of("ls", "-la"));
        assertThat(String.valueOf(damaged.get("error.message"))).contains(argc.startsWith("-")
                ? "argc -1 is not a count" : "failed to find args a2 to a1999999999");
        assertThat(r.events().get(1).get("process.args")).isEqualTo(List.of("ls", "-la"));
    }

    @Test
    void read_original_isTheRecordLinesAsRead_unlessTheyAreNotUtf8() throws IOException {
        String ascii = EXEC.strip();
        String accented = ascii.replace("-la", "caf\u00e9");
        String marked = ascii.replace("-la", "caf?");
        byte[] invalid = marked.getBytes(StandardCharsets.UTF_8);
        invalid[marked.indexOf("caf?") + 3] = (byte) 0xff;

        assertThat(read(ascii).events().get(0).original()).isEqualTo(ascii);
        assertThat(read(accented).events().get(0).original()).isEqualTo(accented);
        assertThat(read("audit.log", invalid).events().get(0).original()).isNull();
    }

    @Test
    void read_execution_givesAuditbeatFields() throws IOException {
        AuditEvent e = read(EXEC).events().get(0);

        assertThat(e.timestampMillis()).isEqualTo(1_700_000_000_100L);
        assertThat(e.get("event.action")).isEqualTo("executed");
        assertThat(e.get("event.category")).isEqualTo(List.of("process"));
        assertThat(e.get("event.type")).isEqualTo(List.of("start"));
        assertThat(e.get("host.name")).isEqualTo("web-01");
        assertThat(e.get("process.executable")).isEqualTo("/usr/bin/ls");
        assertThat(e.get("process.args")).isEqualTo(List.of("ls", "-la"));
        assertThat(e.get("process.title")).isEqualTo("ls -la");
        assertThat(e.get("process.pid")).isEqualTo(200L);
        assertThat(e.get("process.parent.pid")).isEqualTo(1L);
        assertThat(e.get("auditd.data.syscall")).isEqualTo("execve");
        assertThat(e.get("auditd.sequence")).isEqualTo(10L);
        assertThat(e.get("tags")).isEqualTo(List.of("exec"));
    }

    @Test
    void read_malformedLineInTheMiddle_isReportedWithLineNumberAndTheRestIsRead() throws IOException {
        String text = EXEC + "this is not an audit record\n" + EXEC.replace(":10)", ":11)");
        Result r = read(text);

        assertThat(r.events()).hasSize(2);
        assertThat(r.report().malformedLines()).isEqualTo(1);
        assertThat(r.report().problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("audit.log");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.toString()).startsWith("audit.log:5: no type= field");
        });
    }

    @Test
    void read_lineOfSeveralMegabytes_isCutAndReportedAndTheNextLinesAreRead() throws IOException {
        String huge = "node=web-01 type=USER_CMD msg=audit(1700000000.000:9): pid=1 uid=0 auid=0 ses=1 msg='cmd="
                + "41".repeat(3_000_000) + " res=success'\n";
        Result r = read(huge + EXEC);

        assertThat(r.report().problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).contains("bytes cut to");
        });
        assertThat(r.events()).extracting(e -> e.get("event.action")).contains("executed");
    }

    @Test
    void read_invalidUtf8InHexEncodedPath_isKeptAsEscapedBytes() throws IOException {
        // exe is /tmp/\xff\xfeA: not UTF-8, so hex-encoded by the kernel
        String text = EXEC.replace("exe=\"/usr/bin/ls\"", "exe=2F746D702FFFFE41");
        AuditEvent e = read(text).events().get(0);

        assertThat(e.get("process.executable")).isEqualTo("/tmp/\\xff\\xfeA");
    }

    @Test
    void read_gzippedLog_givesTheSameEventsAsPlain() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(EXEC.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(read("audit.log.1.gz", gz.toByteArray()).events()).isEqualTo(read(EXEC).events());
    }

    @Test
    void read_directory_readsRotatedFilesOldestFirst(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("audit.log"), EXEC.replace(":10)", ":12)"));
        Files.writeString(dir.resolve("audit.log.1"), EXEC.replace(":10)", ":11)"));
        Files.writeString(dir.resolve("audit.log.2"), EXEC);
        List<AuditEvent> events = new ArrayList<>();
        ReadReport report = reader.read(List.of(dir), events::add);

        assertThat(events).extracting(e -> e.get("auditd.sequence")).containsExactly(10L, 11L, 12L);
        assertThat(report.sources()).hasSize(3);
        assertThat(report.sources().values()).allSatisfy(s -> assertThat(s.nodes()).containsOnlyKeys("web-01"));
    }

    @Test
    void read_lineWithoutNode_usesTheFilesHost() throws IOException {
        AuditEvent e = read(EXEC.replace("node=web-01 ", "")).events().get(0);

        assertThat(e.get("host.name")).isEqualTo("this-host");
    }

    @Test
    void read_serialGap_isCountedPerNode() throws IOException {
        Result r = read(EXEC + EXEC.replace(":10)", ":15)"));

        ReadReport.Node node = r.report().sources().get("audit.log").nodes().get("web-01");
        assertThat(node.serialGaps()).isEqualTo(4);
        assertThat(node.eventsByAction()).containsEntry("executed", 2L);
    }

    @Test
    void read_enrichedLog_takesUserNamesFromTheEnrichedSection() throws IOException {
        Path log = Corpus.file("laurel/record-execve-long.txt");
        List<AuditEvent> events = new ArrayList<>();
        reader.read(List.of(log), events::add);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("user.name")).isEqualTo("user");
            assertThat(e.get("user.audit.name")).isEqualTo("user");
        });
    }

    @Test
    void read_executionSplitOverManyExecveRecords_joinsTheArgumentsAsLaurel() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(Corpus.file("laurel/record-execve-long.json").toFile());
        List<String> argv = new ArrayList<>();
        golden.get("EXECVE").get("ARGV").forEach(a -> argv.add(a.asText()));
        List<AuditEvent> events = new ArrayList<>();
        reader.read(List.of(Corpus.file("laurel/record-execve-long.txt")), events::add);

        assertThat(events.get(0).get("process.args")).isEqualTo(argv);
        // a1_len=16384 counts the hex digits: 8192 bytes, in pieces a1[0], a1[1], ... over several records
        assertThat(argv.get(1)).hasSize(8192).startsWith("baaa");
    }

    @Test
    void read_auditbeat6And8Json_giveTheSameEcsFields() throws IOException {
        String v6 = """
                {"@timestamp":"2018-05-01T10:00:00.000Z","beat":{"name":"web-01","hostname":"web-01"},"event":{"action":"executed","category":"audit-rule","type":"syscall","module":"auditd"},"process":{"exe":"/usr/bin/curl","pid":"1663","ppid":"1"},"docker":{"container":{"id":"abc123","name":"shop"}},"user":{"auid":"1000","uid":"33","name_map":{"uid":"www-data"}}}
                """;
        String v8 = """
                {"@timestamp":"2018-05-01T10:00:00.000Z","host":{"name":"web-01"},"agent":{"name":"web-01"},"event":{"action":"executed","category":["process"],"type":["start"],"module":"auditd"},"process":{"executable":"/usr/bin/curl","pid":1663,"parent":{"pid":1}},"container":{"id":"abc123","name":"shop"},"user":{"audit":{"id":"1000"},"id":"33","name":"www-data"}}
                """;
        AuditEvent old = read("a.json", v6.getBytes(StandardCharsets.UTF_8)).events().get(0);
        AuditEvent current = read("b.json", v8.getBytes(StandardCharsets.UTF_8)).events().get(0);

        for (String field : List.of("host.name", "process.executable", "process.pid", "process.parent.pid",
                "container.id", "container.name", "user.id", "user.name", "user.audit.id", "event.action",
                "event.category", "event.type")) {
            assertThat(old.get(field)).as(field).isNotNull().isEqualTo(current.get(field));
        }
    }

    @Test
    void read_jsonLineThatIsNotAnEvent_isReportedAndTheRestIsRead() throws IOException {
        String text = """
                {"@timestamp":"2018-05-01T10:00:00.000Z","host":{"name":"a"},"event":{"action":"executed"}}
                {"@timestamp": broken
                {"@timestamp":"2018-05-01T10:00:01.000Z","host":{"name":"a"},"event":{"action":"executed"}}
                """;
        Result r = read("beat.json", text.getBytes(StandardCharsets.UTF_8));

        assertThat(r.events()).hasSize(2);
        assertThat(r.report().problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
    }

    @Test
    void summarize_countsTheSameActionsAndIncompleteEventsAsRead() throws IOException {
        List<Path> logs = corpusLogs();
        ReadReport full = reader.read(logs, e -> { });
        ReadReport summary = reader.summarize(logs);

        for (ReadReport.Source s : full.sources().values()) {
            ReadReport.Source t = summary.sources().get(s.name());
            assertThat(t.events()).as(s.name()).isEqualTo(s.events());
            assertThat(t.incomplete()).as(s.name() + " incomplete").isEqualTo(s.incomplete());
            s.nodes().forEach((node, n) -> assertThat(t.nodes().get(node).eventsByAction()).as(s.name() + " " + node)
                    .isEqualTo(n.eventsByAction()));
        }
    }

    @Test
    void read_everyCorpusLog_readsWithoutFailure() throws IOException {
        List<Path> logs = corpusLogs();
        long[] events = {0};
        ReadReport report = reader.read(logs, e -> events[0]++);

        assertThat(logs).hasSizeGreaterThan(50);
        assertThat(events[0]).isGreaterThan(15_000);
        // the qiangwang and spade logs alone hold 14 000 events; malformed lines are rare and all explained
        assertThat(report.malformedLines()).isLessThan(20);
    }

    @Test
    void read_deferringDetail_givesTheSameEventsAndFieldValuesOnEveryCorpusLog() throws IOException {
        List<Path> logs = corpusLogs();
        AuditReader deferring = new AuditReader(ReaderOptions.defaults("this-host").deferringDetail());
        List<AuditEvent> eager = new ArrayList<>();
        List<AuditEvent> forField = new ArrayList<>();
        List<AuditEvent> whole = new ArrayList<>();
        ReadReport eagerReport = reader.read(logs, eager::add);
        ReadReport deferredReport = deferring.read(logs, forField::add);
        deferring.read(logs, whole::add);

        assertThat(forField).hasSameSizeAs(eager);
        long detailFields = 0;
        for (int i = 0; i < eager.size(); i++) {
            AuditEvent e = eager.get(i);
            AuditEvent d = forField.get(i);
            // each field asked for alone, core fields first: a deferred one must bring the same value as eagerly read
            List<String> names = new ArrayList<>(e.fields().keySet());
            names.sort(java.util.Comparator.comparing(org.auditml.read.ecs.EventNormalizer::isDetail));
            for (String name : names) {
                assertThat(d.get(name)).as(name + " of " + e.original()).isEqualTo(e.get(name));
                detailFields += org.auditml.read.ecs.EventNormalizer.isDetail(name) ? 1 : 0;
            }
            assertThat(d.get("no.such.field")).isNull();
            assertThat(whole.get(i)).isEqualTo(e);
            assertThat(whole.get(i).fields()).containsExactlyEntriesOf(e.fields());
        }
        assertThat(detailFields).as("the corpus exercises deferred fields").isGreaterThan(100_000);
        assertThat(deferredReport.sources().values()).extracting(ReadReport.Source::incomplete)
                .isEqualTo(eagerReport.sources().values().stream().map(ReadReport.Source::incomplete).toList());
    }

    @Test
    void deferredFields_areMadeOnce_whenOneIsFirstAskedFor() {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        AuditEvent whole = AuditEvent.builder(5).put("host.name", "a").put("file.path", "/etc/passwd").build();
        AuditEvent lean = AuditEvent.builder(5).put("host.name", "a")
                .deferring(name -> name.startsWith("file."), () -> {
                    made.incrementAndGet();
                    return whole;
                }).build();

        assertThat(lean.get("host.name")).isEqualTo("a");
        assertThat(lean.get("process.name")).isNull();
        assertThat(made).hasValue(0);
        assertThat(lean.get("file.path")).isEqualTo("/etc/passwd");
        assertThat(lean.getString("file.mode")).isNull();
        assertThat(lean.fields()).containsExactlyEntriesOf(whole.fields());
        assertThat(lean).isEqualTo(whole).hasSameHashCodeAs(whole);
        assertThat(made).hasValue(1);
    }

    /** The corpus's raw logs (the documentation's excerpts aside). */
    private static List<Path> corpusLogs() throws IOException {
        try (var files = Files.walk(Corpus.root())) {
            return files.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt"))
                    .filter(p -> !p.toString().contains("audit-documentation")).sorted().toList();
        }
    }

    @Test
    void readMergedByTime_givesEveryEventOnce_noFurtherOutOfOrderThanEachInputIsOnItsOwn(@TempDir Path dir)
            throws IOException {
        org.auditml.testkit.DemoFleet.Written fleet = org.auditml.testkit.DemoFleet.write(dir, 7);
        List<Path> inputs = List.of(fleet.containerLog(), fleet.rawLog()); // the same fortnight, side by side
        Path missing = dir.resolve("gone.log");
        List<Path> withMissing = List.of(fleet.containerLog(), missing, fleet.rawLog());
        List<AuditEvent> sequential = new ArrayList<>();
        List<AuditEvent> merged = new ArrayList<>();
        ReadReport one = reader.read(inputs, sequential::add);
        ReadReport both = reader.readMergedByTime(withMissing, merged::add, new java.util.concurrent.atomic.AtomicLong());
        long ownDisorder = 0;
        for (Path input : inputs) {
            List<AuditEvent> alone = new ArrayList<>();
            reader.read(List.of(input), alone::add);
            ownDisorder = Math.max(ownDisorder, largestStepBack(alone));
        }

        assertThat(identities(merged)).hasSize(sequential.size())
                .containsExactlyInAnyOrderElementsOf(identities(sequential));
        assertThat(largestStepBack(sequential)).as("one input after the other").isGreaterThan(86_400_000L);
        assertThat(largestStepBack(merged)).isLessThanOrEqualTo(ownDisorder);
        for (Path input : inputs) {
            assertThat(both.sources().get(input.toString()).events()).isEqualTo(one.sources().get(input.toString()).events());
        }
        assertThat(both.problems()).singleElement().satisfies(p -> assertThat(p.toString()).contains("gone.log"));
    }

    private static List<String> identities(List<AuditEvent> events) {
        return events.stream().map(e -> e.timestampMillis() + " " + e.get("host.name") + " " + e.get("auditd.sequence")
                + " " + e.get("event.action")).toList();
    }

    /** How far back in time the events go, at most, from the latest seen before. */
    private static long largestStepBack(List<AuditEvent> events) {
        long latest = Long.MIN_VALUE;
        long back = 0;
        for (AuditEvent e : events) {
            back = Math.max(back, latest - e.timestampMillis());
            latest = Math.max(latest, e.timestampMillis());
        }
        return back;
    }
}

package org.auditml.read.conformance;

import org.auditml.read.raw.EventReassembler;
import org.auditml.read.raw.RawRecord;
import org.auditml.read.raw.RecordGroup;
import org.auditml.read.raw.RecordTypes;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * audit-userspace's {@code auparse_test.ref} (stdout of the C auparse walk, README "Formats" §4): per event the
 * records in order, each with its type number and name, field count, line and {@code sec.ms:serial}; the field names
 * where the walk prints them. Ours: records grouped by {@link EventReassembler} (auditd's defaults), each record's
 * field count being its keys plus {@code type}, which auparse counts as a field.
 *
 * <p>{@code test3.log} (interleaved, out of order, {@code node=}) has no walk in the .ref (upstream uses it for the
 * {@code auditd_raw.sed} round trip); its grouping is written out below from the file itself.
 */
class AuparseWalkTest {
    private static final String DIR = "audit-userspace/";
    private static final Pattern EVENT = Pattern.compile("^event(?: \\d+)? has (\\d+) records$");
    private static final Pattern RECORD =
            Pattern.compile("^ {4}record (\\d+) of type (\\d+)\\((\\S+)\\) has (\\d+) fields$");
    private static final Pattern LINE = Pattern.compile("^ {4}line=(\\d+) file=.*$");
    private static final Pattern TIME = Pattern.compile("^ {4}event time: (\\S+), host=(\\S+)$");
    private static final Pattern FIELD = Pattern.compile("^ {8}([^= ]+)=.*$");

    @ParameterizedTest(name = "Test {0}: {1}")
    @CsvSource({
            "4, test.log",
            "5, test2.log test.log",
            "10, test.log",
            "11, test4.log"})
    void walk_auparseTestLogs_matchesRefEventsRecordsAndFields(int test, String logs) throws IOException {
        List<List<RefRecord>> expected = refWalk(test);
        List<List<RefRecord>> actual = ourWalk(logs.split(" "));

        assertThat(actual).as("events with their records and fields, in any order")
                .containsExactlyInAnyOrderElementsOf(expected);
        // Test 5 fails here (left enabled, see the report): BUG in EventReassembler, the window is only checked when
        // a record sets a new maximum time, so test.log's first event, older than test2.log's last records, stays
        // open until the end of the input instead of closing when the next record (107 s newer) arrives.
        assertThat(actual.stream().map(e -> e.get(0).time()).toList()).as("event order (sec.ms:serial)")
                .isEqualTo(expected.stream().map(e -> e.get(0).time()).toList());
    }

    @Test
    void walk_test3InterleavedWithNode_groupsBySerial() {
        List<String> events = new ArrayList<>();
        EventReassembler reassembler = EventReassembler.withDefaults(g -> events.add(g.node() + " "
                + CorpusLines.auditTime(g.timeMillis(), g.serial()) + " "
                + g.records().stream().map(r -> r.type() + "@" + r.lineNumber()).toList()));
        List<byte[]> lines = CorpusLines.lines(Corpus.file(DIR + "test3.log"));
        for (int i = 0; i < lines.size(); i++) {
            reassembler.accept(CorpusLines.record(lines.get(i), i + 1));
        }
        reassembler.flush();

        String node = "auditdtest.a1959.org 1451781471.";
        assertThat(events).containsExactlyInAnyOrder(
                node + "394:194433 [SYSCALL@2, PROCTITLE@3]",
                node + "394:194435 [SYSCALL@1, PROCTITLE@4]",
                node + "394:194436 [SYSCALL@5, PROCTITLE@7]",
                node + "394:194437 [SYSCALL@6, PROCTITLE@8]",
                node + "394:194438 [SYSCALL@9, PROCTITLE@13]",
                node + "394:194439 [SYSCALL@10, PROCTITLE@11]",
                node + "394:194440 [SYSCALL@12, PROCTITLE@14]",
                node + "602:194894 [ADD_GROUP@15]");
    }

    /** One record as the walk prints it, with its field names in order ({@code type} first). */
    record RefRecord(int typeNumber, String typeName, int fieldCount, long line, String time, List<String> fields) {
    }

    private static List<List<RefRecord>> ourWalk(String[] logs) {
        List<List<RefRecord>> events = new ArrayList<>();
        EventReassembler reassembler = EventReassembler.withDefaults(g -> events.add(toRef(g)));
        for (String log : logs) {
            List<byte[]> lines = CorpusLines.lines(Corpus.file(DIR + log));
            for (int i = 0; i < lines.size(); i++) {
                reassembler.accept(CorpusLines.record(lines.get(i), i + 1));
            }
        }
        reassembler.flush();
        return events;
    }

    private static List<RefRecord> toRef(RecordGroup g) {
        List<RefRecord> out = new ArrayList<>();
        for (RawRecord r : g.records()) {
            List<String> fields = new ArrayList<>();
            fields.add("type");
            for (int i = 0; i < r.size(); i++) {
                fields.add(r.key(i));
            }
            out.add(new RefRecord(RecordTypes.number(r.type()), r.type(), fields.size(), r.lineNumber(),
                    CorpusLines.auditTime(r.timeMillis(), r.serial()), fields));
        }
        return out;
    }

    /** The events of "Starting Test N" in auparse_test.ref. */
    private static List<List<RefRecord>> refWalk(int test) throws IOException {
        List<String> lines = Files.readAllLines(Corpus.file(DIR + "auparse_test.ref"), StandardCharsets.UTF_8);
        int from = lines.indexOf(lines.stream().filter(l -> l.startsWith("Starting Test " + test + ",")).findFirst()
                .orElseThrow());
        int to = lines.indexOf("Test " + test + " Done");
        List<List<RefRecord>> events = new ArrayList<>();
        List<RefRecord> event = null;
        int[] header = null;
        String typeName = null;
        long line = 0;
        String time = null;
        List<String> fields = null;
        for (String l : lines.subList(from + 1, to + 1)) {
            Matcher m;
            if ((m = RECORD.matcher(l)).matches() || (m = EVENT.matcher(l)).matches() || l.startsWith("Test ")) {
                if (header != null) {
                    event.add(new RefRecord(header[0], typeName, header[1], line, time,
                            fields));
                    header = null;
                }
                if (EVENT.matcher(l).matches()) {
                    event = new ArrayList<>();
                    events.add(event);
                } else if ((m = RECORD.matcher(l)).matches()) {
                    header = new int[]{Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4))};
                    typeName = m.group(3);
                    fields = new ArrayList<>();
                }
            } else if ((m = LINE.matcher(l)).matches()) {
                line = Long.parseLong(m.group(1));
            } else if ((m = TIME.matcher(l)).matches()) {
                time = m.group(1);
            } else if ((m = FIELD.matcher(l)).matches()) {
                fields.add(m.group(1));
            }
        }
        return events;
    }
}

package org.auditml.read.conformance;

import org.auditml.read.raw.EventReassembler;
import org.auditml.read.raw.RecordGroup;
import org.auditml.read.raw.SerialGaps;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * go-libaudit's reassembler expectations ({@code testdata/*.log}; the numbers live in {@code reassembler_test.go}
 * and are quoted in the corpus README "Formats" §3): the (sequence, record count) of each event in order, and the
 * number of lost events, with go-libaudit's settings: at most 5 events in flight, a 2 s timeout.
 *
 * <p>Named exception LOG_TIME_WINDOW: go-libaudit's 2 s timeout is wall-clock time (its test reads the file in
 * microseconds, so nothing ever times out); ours is log time, as auparse's {@code au_check_events} ("time of current
 * event from stream", {@code e.sec + 2 < sec}). In {@code out_of_order.log} the last PATH of serial 60 (t=…291.038)
 * comes after a record of serial 61 at t=…298.883, 7.8 s later in log time, so with a 2 s window auparse and we close
 * event 60 before that PATH arrives. The go-libaudit grouping is asserted with a window longer than the file's span
 * (which is what a wall-clock timeout amounts to for a file read at once), and the 2 s log-time split is asserted
 * as what it is.
 */
class ReassemblerExpectationTest {
    private static final long WINDOW_MILLIS = 2000;
    private static final int MAX_OPEN_EVENTS = 5;

    static Stream<Arguments> expectations() {
        List<String> normal = List.of("58:2", "59:5", "60:5", "61:4", "62:1");
        return Stream.of(
                Arguments.of("normal.log", normal, 0L),
                Arguments.of("lost_messages.log", List.of("49:2", "59:5", "60:5", "61:4", "62:1"), 9L),
                Arguments.of("rollover.log", List.of("4294967294:1", "4294967295:1", "0:1", "1:1", "2:1"), 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void reassemble_goLibauditTestdata_matchesExpectedEventsAndLoss(String log, List<String> expected, long lost) {
        List<RecordGroup> groups = new ArrayList<>();
        EventReassembler reassembler = reassemble(log, WINDOW_MILLIS, groups);

        assertThat(summary(groups)).as("sequence:records of each event, in order").isEqualTo(expected);
        SerialGaps gaps = reassembler.serialGaps().get("");
        assertThat(gaps.missing()).as("lost events").isEqualTo(lost);
        assertThat(gaps.restarts()).as("restarts (rollover is not a restart)").isZero();
    }

    @Test
    void reassemble_outOfOrderLogWithWallClockEquivalentWindow_matchesGoLibaudit() {
        List<RecordGroup> groups = new ArrayList<>();
        EventReassembler reassembler = reassemble("out_of_order.log", Long.MAX_VALUE / 2, groups);

        assertThat(summary(groups)).as("sequence:records (README §3: the same as normal.log)")
                .containsExactly("58:2", "59:5", "60:5", "61:4", "62:1");
        assertThat(reassembler.serialGaps().get("").missing()).as("lost events").isZero();
    }

    @Test
    void reassemble_outOfOrderLogWithTwoSecondLogTimeWindow_splitsThePathLateBy7Seconds() {
        List<RecordGroup> groups = new ArrayList<>();
        EventReassembler reassembler = reassemble("out_of_order.log", WINDOW_MILLIS, groups);

        // LOG_TIME_WINDOW: event 60 closes when serial 61 (7.8 s later) arrives; its last PATH comes alone, late
        assertThat(summary(groups)).containsExactly("58:2", "59:5", "60:4", "61:4", "60:1", "62:1");
        assertThat(groups.get(4).records()).extracting(r -> r.type()).containsExactly("PATH");
        assertThat(groups.get(4).completion()).isEqualTo(RecordGroup.Completion.END_OF_INPUT);
        assertThat(reassembler.serialGaps().get("").missing()).as("a late serial is not a loss").isZero();
    }

    private static EventReassembler reassemble(String log, long windowMillis, List<RecordGroup> sink) {
        EventReassembler reassembler = new EventReassembler(windowMillis, MAX_OPEN_EVENTS, sink::add);
        List<byte[]> lines = CorpusLines.lines(Corpus.file("go-libaudit/testdata/" + log));
        for (int i = 0; i < lines.size(); i++) {
            reassembler.accept(CorpusLines.record(lines.get(i), i + 1));
        }
        reassembler.flush();
        for (RecordGroup g : sink) {
            assertThat(g.records()).as("records of " + g.serial()).allMatch(r -> r.serial() == g.serial());
        }
        return reassembler;
    }

    private static List<String> summary(List<RecordGroup> groups) {
        return groups.stream().map(g -> g.serial() + ":" + g.records().size()).toList();
    }
}

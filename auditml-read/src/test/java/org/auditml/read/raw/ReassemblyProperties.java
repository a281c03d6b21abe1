package org.auditml.read.raw;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reassembly does not depend on how the records of concurrent events interleave, as long as they fall within the
 * window: every event comes out once, whole, with its records in their own order.
 */
class ReassemblyProperties {

    /** Records of {@code n} concurrent events (SYSCALL, EXECVE, CWD, PATH, PROCTITLE, within 1.5 s). */
    private static List<List<String>> events(int n, long seed) {
        Random r = new Random(seed);
        List<List<String>> events = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            long time = 1_700_000_000_000L + r.nextInt(1500);
            String header = "type=%s msg=audit(" + time / 1000 + "." + String.format("%03d", time % 1000) + ":" + (100 + e) + "): ";
            List<String> records = new ArrayList<>();
            records.add(String.format(header, "SYSCALL") + "arch=c000003e syscall=59 success=yes exit=0 items=1 pid=" + e + " exe=\"/bin/p" + e + "\"");
            records.add(String.format(header, "EXECVE") + "argc=2 a0=\"p" + e + "\" a1=\"--n=" + e + "\"");
            if (r.nextBoolean()) {
                records.add(String.format(header, "CWD") + "cwd=\"/home/u" + e + "\"");
            }
            records.add(String.format(header, "PATH") + "item=0 name=\"/bin/p" + e + "\" nametype=NORMAL");
            records.add(String.format(header, "PROCTITLE") + "proctitle=\"p" + e + "\"");
            events.add(records);
        }
        return events;
    }

    /** Merges the events' records in a random order that keeps each event's own order. */
    private static List<String> interleave(List<List<String>> events, long seed) {
        Random r = new Random(seed);
        List<List<String>> queues = new ArrayList<>();
        events.forEach(e -> queues.add(new ArrayList<>(e)));
        List<String> out = new ArrayList<>();
        while (!queues.isEmpty()) {
            int q = r.nextInt(queues.size());
            out.add(queues.get(q).remove(0));
            if (queues.get(q).isEmpty()) {
                queues.remove(q);
            }
        }
        return out;
    }

    private static List<List<String>> reassemble(List<String> lines) {
        RawLineParser parser = new RawLineParser();
        List<RecordGroup> groups = new ArrayList<>();
        EventReassembler reassembler = new EventReassembler(2000, 1024, groups::add);
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            LineResult result = parser.parse(b, 0, b.length, 0);
            assertThat(result).isInstanceOf(LineResult.Parsed.class);
            reassembler.accept(((LineResult.Parsed) result).record());
        }
        reassembler.flush();
        List<List<String>> out = new ArrayList<>();
        groups.stream().sorted(Comparator.comparingLong(RecordGroup::serial)).forEach(g -> {
            assertThat(g.completion()).isEqualTo(RecordGroup.Completion.END_RECORD);
            out.add(g.records().stream().map(RawRecord::toString).toList());
        });
        return out;
    }

    @Property(tries = 200)
    void reassemble_anyInterleavingWithinTheWindow_givesTheSameEvents(
            @ForAll @IntRange(min = 1, max = 12) int concurrent, @ForAll long seed, @ForAll long order) {
        List<List<String>> events = events(concurrent, seed);
        List<String> inOrder = new ArrayList<>();
        events.forEach(inOrder::addAll);

        List<List<String>> expected = reassemble(inOrder);
        List<List<String>> actual = reassemble(interleave(events, order));

        assertThat(actual).isEqualTo(expected);
        assertThat(actual).hasSize(concurrent);
    }

    @Provide
    Arbitrary<Long> serials() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    @Property(tries = 200)
    void serialGaps_contiguousSerialsAcrossTheWrap_countNoLoss(@ForAll("serials") long start,
                                                               @ForAll @IntRange(min = 1, max = 500) int count) {
        SerialGaps gaps = new SerialGaps();
        for (int i = 0; i < count; i++) {
            gaps.see((start + i) & 0xffffffffL);
        }
        assertThat(gaps.missing()).isZero();
        assertThat(gaps.restarts()).isZero();
    }
}

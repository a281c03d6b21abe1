package org.auditml.store;

import org.auditml.read.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Serial gaps, the usual gap between events and rejected events, against logs generated with a known truth. */
class HostSignalsTest {
    private static final long T0 = 1_700_000_000_000L;

    /** One boot's events: serials from {@code first} on (unsigned 32-bit, wrapping), one a second, some dropped. */
    private record Boot(long first, int serials, long startMillis) {
    }

    /** A host's events over its boots, with {@code drop} serials of each boot left out (never its first or last). */
    private static List<AuditEvent> host(String host, List<Boot> boots, int drop, Random random) {
        List<AuditEvent> out = new ArrayList<>();
        for (Boot boot : boots) {
            List<Integer> inner = new ArrayList<>();
            for (int i = 1; i < boot.serials() - 1; i++) {
                inner.add(i);
            }
            Collections.shuffle(inner, random);
            java.util.Set<Integer> dropped = new java.util.HashSet<>(inner.subList(0, drop));
            for (int i = 0; i < boot.serials(); i++) {
                if (!dropped.contains(i)) {
                    out.add(event(host, (boot.first() + i) & 0xffff_ffffL, boot.startMillis() + i * 1000L));
                }
            }
        }
        return out;
    }

    private static AuditEvent event(String host, long serial, long ts) {
        return AuditEvent.builder(ts).put("host.name", host).put("auditd.sequence", serial)
                .put("event.action", "executed").build();
    }

    @Test
    void serials_countTheDroppedOnes_acrossRestartsAndTheWrap_whateverTheArrivalOrder_andEachEventOnce(@TempDir Path dir) {
        Random random = new Random(15);
        List<AuditEvent> events = new ArrayList<>();
        // two boots: the second starts again low after a reboot
        events.addAll(host("web-01", List.of(new Boot(3_000_000_000L, 500, T0), new Boot(40, 300, T0 + 900_000)), 7, random));
        // serials wrapping past 2^32 - 1 to 0
        events.addAll(host("db-01", List.of(new Boot((1L << 32) - 150, 400, T0)), 11, random));
        // nothing lost
        events.addAll(host("ok-01", List.of(new Boot(1, 200, T0)), 0, random));
        List<AuditEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, random);
        try (AuditStore store = AuditStore.open(dir.resolve("s.duckdb"))) {
            store.ingest("a", shuffled.subList(0, shuffled.size() / 2));
            store.ingest("b", shuffled.subList(shuffled.size() / 3, shuffled.size())); // a third sent twice
            assertThat(store.eventCount()).isEqualTo(events.size());
            assertThat(store.hostSignals().serials()).isEqualTo(Map.of(
                    "web-01", new HostSignals.Serials(14, 1),
                    "db-01", new HostSignals.Serials(11, 0),
                    "ok-01", new HostSignals.Serials(0, 0)));
        }
    }

    @Test
    void serials_areCountedExactly_whenAHostsSerialsStepBackInTime(@TempDir Path dir) {
        List<AuditEvent> events = new ArrayList<>();
        for (long serial = 1; serial <= 150; serial++) {
            if (serial == 120 || serial == 121 || serial == 130) {
                continue;
            }
            // the clock set back 50 s after serial 100: serials 101.. fall between 51 and 100 in time
            long ts = serial <= 100 ? T0 + (serial - 1) * 1000 : T0 + 50_000 + (serial - 101) * 500;
            events.add(event("clock-01", serial, ts));
        }
        for (long serial = 1; serial <= 50; serial++) {
            if (serial != 10) {
                events.add(event("twice-01", serial, T0 + serial * 1000));
            }
        }
        events.add(event("twice-01", 20, T0 + 20_001)); // serial 20 once more, a millisecond later
        try (AuditStore store = AuditStore.open(dir.resolve("s.duckdb"))) {
            store.ingest("a", events);
            assertThat(store.hostSignals().serials()).isEqualTo(Map.of(
                    "clock-01", new HostSignals.Serials(3, 0),
                    "twice-01", new HostSignals.Serials(1, 0)));
        }
    }

    @Test
    void serials_aGapFilledByALaterIngestIsNoLongerCounted(@TempDir Path dir) {
        List<AuditEvent> all = host("web-01", List.of(new Boot(1, 100, T0)), 0, new Random(1));
        List<AuditEvent> withoutTen = new ArrayList<>(all.subList(0, 40));
        withoutTen.addAll(all.subList(50, 100));
        try (AuditStore store = AuditStore.open(dir.resolve("s.duckdb"))) {
            store.ingest("first", withoutTen);
            assertThat(store.hostSignals().serials()).containsEntry("web-01", new HostSignals.Serials(10, 0));
            store.ingest("late", all.subList(40, 50));
            assertThat(store.hostSignals().serials()).containsEntry("web-01", new HostSignals.Serials(0, 0));
        }
    }

    @Test
    void medianGap_isTheUsualTimeBetweenAHostsEvents(@TempDir Path dir) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            // every 30 s, with one pause of an hour that does not move the median
            events.add(event("quiet", i + 1, T0 + i * 30_000L + (i > 10 ? 3_600_000L : 0)));
        }
        events.add(event("single", 1, T0));
        try (AuditStore store = AuditStore.open(dir.resolve("s.duckdb"))) {
            store.ingest("a", events);
            assertThat(store.hostSignals().medianGapMillis()).isEqualTo(Map.of("quiet", 30_000L));
        }
    }

    @Test
    void rejectedEvents_areCommittedWithTheirBatch_addUpPerHost_andSurviveAReopen(@TempDir Path dir) {
        Path file = dir.resolve("s.duckdb");
        try (AuditStore store = AuditStore.open(file)) {
            store.ingest("beat-1", List.of(event("web-01", 1, T0)), new IngestLoss().rejected("web-01", 2).rejected("", 1));
            store.ingest("beat-1", List.of(), new IngestLoss().rejected("web-01", 3)); // a batch of rejected events only
            assertThat(store.hostSignals().rejectedEvents()).isEqualTo(Map.of("web-01", 5L, "", 1L));
        }
        try (AuditStore store = AuditStore.openReadOnly(file)) {
            assertThat(store.hostSignals().rejectedEvents()).isEqualTo(Map.of("web-01", 5L, "", 1L));
            assertThat(store.eventCount()).isEqualTo(1);
        }
    }

    @Test
    void readLoss_goesInWithTheEvents_andAFileReadAgainReplacesIt(@TempDir Path dir) {
        try (AuditStore store = AuditStore.open(dir.resolve("s.duckdb"))) {
            store.ingest("audit.log", List.of(event("web-01", 1, T0)), new IngestLoss().read("web-01", "audit.log", 100, 3, 2));
            store.ingest("audit.log", List.of(event("web-01", 1, T0)), new IngestLoss().read("web-01", "audit.log", 100, 3, 2));
            assertThat(store.readLoss().byHost()).isEqualTo(Map.of("web-01", new ReadLoss.HostLoss(3, 2)));
        }
    }
}

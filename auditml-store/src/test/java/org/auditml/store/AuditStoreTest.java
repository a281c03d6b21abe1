package org.auditml.store;

import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.Corpus;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store keeps each event once and gives it back as it was read, columns and original text together. */
class AuditStoreTest {
    private static final Comparator<AuditEvent> STORE_ORDER = Comparator.comparingLong(AuditEvent::timestampMillis)
            .thenComparing(EventIdentity::host).thenComparingLong(EventIdentity::serial);

    /** Raw logs from the corpus (a host name each) and Auditbeat JSON of containers from the demo fleet. */
    private static List<AuditEvent> realEvents(Path dir) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        String[] raw = {"qiangwang-syscall/audit.log", "spade-detector2.0/audit.log", "auditbeat-module-testdata/centos7.log",
                "auditbeat-module-testdata/passwd.log", "audit-userspace/test3.log"};
        for (int i = 0; i < raw.length; i++) {
            new AuditReader(ReaderOptions.defaults("corpus-" + i)).read(List.of(Corpus.file(raw[i])), events::add);
        }
        DemoFleet.Written demo = DemoFleet.write(dir, 3);
        new AuditReader(ReaderOptions.defaults("demo")).read(List.of(demo.containerLog()), events::add);
        return events;
    }

    private static List<AuditEvent> readBack(AuditStore store) {
        List<AuditEvent> back = new ArrayList<>();
        store.forEachEvent(Long.MIN_VALUE, Long.MAX_VALUE, back::add);
        return back;
    }

    /** One event per identity (the first read), in the store's order. */
    private static List<AuditEvent> oncePerIdentity(List<AuditEvent> events) {
        Map<String, AuditEvent> once = new LinkedHashMap<>();
        for (AuditEvent e : events) {
            once.putIfAbsent(e.timestampMillis() + "|" + EventIdentity.host(e) + "|" + EventIdentity.serial(e), e);
        }
        return once.values().stream().sorted(STORE_ORDER).toList();
    }

    @Test
    void forEachEvent_afterIngest_givesBackEqualEventsInTimeOrder(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = realEvents(dir);
        try (AuditStore store = AuditStore.open(dir.resolve("db/auditml.duckdb"))) {
            store.ingest("corpus", events);

            List<AuditEvent> back = readBack(store);
            assertThat(back).isEqualTo(oncePerIdentity(events));
            assertThat(back.stream().map(AuditEvent::original).toList())
                    .isEqualTo(oncePerIdentity(events).stream().map(AuditEvent::original).toList());
            assertThat(back).allSatisfy(e -> assertThat(e.original()).isNotNull());
        }
    }

    @Test
    void eventsNamedByAHostsPasswdFile_readBackWithTheSameFiles_equalThoseRead(@TempDir Path dir) throws Exception {
        Path passwd = java.nio.file.Files.writeString(dir.resolve("passwd"),
                "vagrant:x:1000:1000::/home/vagrant:/bin/bash\nbob:x:9999:9999::/home/bob:/bin/bash\n");
        org.auditml.read.accounts.HostAccounts accounts = org.auditml.read.accounts.HostAccounts.builder()
                .passwd("centos", passwd).build();
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("centos").withAccounts(accounts))
                .read(List.of(Corpus.file("auditbeat-module-testdata/centos7.log")), events::add);
        assertThat(events).allSatisfy(e -> assertThat(e.get("user.audit.name")).isEqualTo("vagrant"));
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            store.ingest("centos7", events);

            assertThat(readBack(store)).as("without the files, the stored lines name no one")
                    .allSatisfy(e -> assertThat(e.get("user.audit.name")).isNull());
            store.readNamesWith(accounts);
            assertThat(readBack(store)).isEqualTo(oncePerIdentity(events));
        }
    }

    @Test
    void ingest_sameEventsAgainInReverseOrder_storesNoneTwice(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = realEvents(dir);
        List<AuditEvent> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            AuditStore.Ingest first = store.ingest("corpus", events);
            AuditStore.Ingest again = store.ingest("corpus reversed", reversed);

            assertThat(first.events()).isEqualTo(events.size());
            assertThat(first.newEvents()).isEqualTo(oncePerIdentity(events).size());
            assertThat(again.newEvents()).isZero();
            assertThat(store.eventCount()).isEqualTo(first.newEvents());
        }
    }

    @Test
    void ingest_eventsRepeatedWithinOneIngest_storesEachOnce(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = realEvents(dir);
        List<AuditEvent> twice = new ArrayList<>(events);
        twice.addAll(events);
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            AuditStore.Ingest in = store.ingest("corpus twice", twice);

            assertThat(in.events()).isEqualTo(twice.size());
            assertThat(readBack(store)).isEqualTo(oncePerIdentity(events));
        }
    }

    @Test
    void latestEventTime_emptyThenFilled(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = realEvents(dir);
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            assertThat(store.latestEventTime()).isEqualTo(Long.MIN_VALUE);
            store.ingest("corpus", events);
            assertThat(store.latestEventTime())
                    .isEqualTo(events.stream().mapToLong(AuditEvent::timestampMillis).max().orElseThrow());
        }
    }

    @Test
    void forEachEvent_rawLinesWithTabsBackslashesAndNoNode_givesBackEqualEventsAndTheirOriginals(@TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("audit.log");
        java.nio.file.Files.writeString(log, String.join("\n",
                "type=SYSCALL msg=audit(1700000000.100:7): arch=c000003e syscall=59 success=yes exit=0 a0=1 items=1 "
                        + "ppid=1 pid=42 auid=1000 uid=0 gid=0 euid=0 comm=\"a\\tb\" exe=\"/usr/bin/x\\e\" key=\"k\tv\"",
                "type=EXECVE msg=audit(1700000000.100:7): argc=2 a0=\"x\" a1=\"c:\\\\dir\\n\\t\\e\"\r",
                "type=PATH msg=audit(1700000000.100:7): item=0 name=\"/usr/bin/x\" nametype=NORMAL",
                "type=PROCTITLE msg=audit(1700000000.100:7): proctitle=7800\\",
                "{type=USER_LOGIN msg=audit(1700000001.000:8): pid=1 uid=0 msg='op=login acct=\"root\" res=success'",
                "") );
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("tab\\host")).read(List.of(log), events::add);
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).original()).contains("\t").contains("\\").contains("\n");
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            store.ingest("tabs", events);

            List<AuditEvent> back = readBack(store);
            assertThat(back).isEqualTo(oncePerIdentity(events));
            assertThat(back.stream().map(AuditEvent::original).toList())
                    .isEqualTo(oncePerIdentity(events).stream().map(AuditEvent::original).toList());
        }
    }

    @Test
    void ingest_sameEventsAgain_keepsNoTextTwice(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = realEvents(dir);
        Path file = dir.resolve("auditml.duckdb");
        long blocks;
        try (AuditStore store = AuditStore.open(file)) {
            store.ingest("corpus", events);
            blocks = store.textBlockCount();
            assertThat(blocks).isPositive();
            store.ingest("corpus again", events);
            assertThat(store.textBlockCount()).isEqualTo(blocks);
            assertThat(readBack(store)).isEqualTo(oncePerIdentity(events));
        }
    }

    @Test
    void ingest_inManySmallChunks_givesBackEveryEventAndItsOriginal_andAgainStoresNothing(@TempDir Path dir)
            throws Exception {
        List<AuditEvent> events = realEvents(dir);
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            ingestInChunksOf(store, 300, events);
            long blocks = store.textBlockCount();

            List<AuditEvent> back = readBack(store);
            assertThat(back).isEqualTo(oncePerIdentity(events));
            assertThat(back.stream().map(AuditEvent::original).toList())
                    .isEqualTo(oncePerIdentity(events).stream().map(AuditEvent::original).toList());
            assertThat(blocks).isGreaterThan(events.size() / 300);

            assertThat(ingestInChunksOf(store, 300, events).newEvents()).isZero();
            assertThat(store.textBlockCount()).isEqualTo(blocks);
        }
    }

    private static AuditStore.Ingest ingestInChunksOf(AuditStore store, int chunkEvents, List<AuditEvent> events) {
        try (EventWriter writer = store.writer("chunks of " + chunkEvents, chunkEvents)) {
            events.forEach(writer::accept);
            return writer.finish();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "host VARCHAR, serial BIGINT, ts BIGINT, doc VARCHAR",
            "ts BIGINT, host VARCHAR, serial BIGINT, extra VARCHAR",
            "ts BIGINT, host VARCHAR, serial BIGINT, original VARCHAR, extra VARCHAR"})
    void open_storeOfAnEarlierLayout_isRefusedWithAMessage(String columns, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (" + columns + ")");
        }
        assertThatThrownBy(() -> AuditStore.open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("earlier auditml").hasMessageContaining(file.toString());
    }

    @Test
    void eventsOfARangeAndHost_areCountedPagedAndGiveTheirOriginal(@TempDir Path dir) throws Exception {
        List<AuditEvent> events = realEvents(dir);
        List<AuditEvent> once = oncePerIdentity(events);
        AuditEvent middle = once.get(once.size() / 2);
        String host = EventIdentity.host(middle);
        long from = middle.timestampMillis();
        List<AuditEvent> expected = once.stream().filter(e -> EventIdentity.host(e).equals(host)
                && e.timestampMillis() >= from && e.timestampMillis() < from + 3_600_000L).toList();
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            store.ingest("corpus", events);
            AuditStore.EventRange range = new AuditStore.EventRange(from, from + 3_600_000L, host);
            assertThat(store.countEvents(range)).isEqualTo(expected.size()).isPositive();
            assertThat(store.countEvents(AuditStore.EventRange.ALL)).isEqualTo(once.size());

            List<AuditStore.StoredEvent> latestFirst = new ArrayList<>();
            store.scanEvents(range, true, 1, e -> latestFirst.add(e) && latestFirst.size() < 3);
            List<AuditEvent> reversed = new ArrayList<>(expected);
            java.util.Collections.reverse(reversed);
            assertThat(latestFirst.stream().map(AuditStore.StoredEvent::event).toList())
                    .isEqualTo(reversed.subList(1, Math.min(4, reversed.size())));

            AuditStore.StoredEvent first = latestFirst.get(0);
            assertThat(first.host()).isEqualTo(host);
            assertThat(first.serial()).isEqualTo(EventIdentity.serial(first.event()));
            assertThat(store.original(host, first.serial(), first.event().timestampMillis())).contains(first.event().original());
            assertThat(store.original(host + "-other", first.serial(), first.event().timestampMillis())).isEmpty();

            Map<String, Long> perHost = new LinkedHashMap<>();
            once.forEach(e -> perHost.merge(EventIdentity.host(e), 1L, Long::sum));
            assertThat(store.hostEvents()).extracting(AuditStore.HostEvents::host, AuditStore.HostEvents::events)
                    .containsExactlyInAnyOrderElementsOf(perHost.entrySet().stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
        }
    }

    @Test
    void readLoss_isSummedPerHost_andAFileReadAgainReplacesItsEarlierRead(@TempDir Path dir) {
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            store.readLoss().put("web-01", "audit.log", 1000, 3, 1);
            store.readLoss().put("web-01", "audit.log.1", 900, 2, 0);
            store.readLoss().put("web-01", "audit.log", 1000, 3, 1);
            store.readLoss().put("db-01", "audit.log", 500, 0, 4);
            assertThat(store.readLoss().byHost()).isEqualTo(Map.of("web-01", new ReadLoss.HostLoss(5, 1),
                    "db-01", new ReadLoss.HostLoss(0, 4)));
        }
    }
}

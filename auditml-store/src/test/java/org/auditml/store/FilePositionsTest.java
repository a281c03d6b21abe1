package org.auditml.store;

import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A followed log's position goes in with the events it covers, and stays with the store across reopening. */
class FilePositionsTest {
    private static List<AuditEvent> events() {
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("centos")).read(List.of(Corpus.file("auditbeat-module-testdata/centos7.log")),
                events::add);
        return events;
    }

    @Test
    void ingestWithAPosition_storesBoth_andTheLatestPositionReplacesTheEarlier(@TempDir Path dir) {
        List<AuditEvent> events = events();
        int half = events.size() / 2;
        Path db = dir.resolve("auditml.duckdb");
        FilePosition first = new FilePosition("/var/log/audit/audit.log", 2049, 131, "ab12", 4000, 20, half, 0);
        FilePosition second = new FilePosition("/var/log/audit/audit.log", 2049, 131, "ab12", 9000, 45, events.size(), 1);
        try (AuditStore store = AuditStore.open(db)) {
            assertThat(store.ingest("f", events.subList(0, half), first).newEvents()).isEqualTo(half);
            assertThat(store.filePositions().of(first.path())).contains(first);
            assertThat(store.ingest("f", events.subList(half - 1, events.size()), second).newEvents())
                    .as("an event sent again is stored once").isEqualTo(events.size() - half);
            assertThat(store.ingest("f", List.of(), second).newEvents()).isZero();
        }
        try (AuditStore store = AuditStore.openReadOnly(db)) {
            assertThat(store.filePositions().of(first.path())).contains(second);
            assertThat(store.filePositions().of("/other")).isEmpty();
            assertThat(store.eventCount()).isEqualTo(events.size());
        }
    }

    @Test
    void moreEventsThanOneChunk_areRefused_soThatTheyGoInWithTheirPositionAtOnce(@TempDir Path dir) {
        FilePosition p = new FilePosition("/x", 1, 2, "h", 0, 0, 0, 0);
        try (AuditStore store = AuditStore.open(dir.resolve("auditml.duckdb"))) {
            List<AuditEvent> many = Collections.nCopies(AuditStore.MAX_POSITIONED_EVENTS + 1, events().get(0));
            assertThatThrownBy(() -> store.ingest("f", many, p)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most " + AuditStore.MAX_POSITIONED_EVENTS);
            assertThat(store.filePositions().of("/x")).isEmpty();
        }
    }
}

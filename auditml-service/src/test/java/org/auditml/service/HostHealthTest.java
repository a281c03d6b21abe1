package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.read.AuditEvent;
import org.auditml.read.beat.BeatEventParser;
import org.auditml.store.IngestLoss;
import org.auditml.testkit.RawEventWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data-health view over a generated fleet with a known truth: a raw log whose hosts skipped known serials, whose
 * kernel reported known losses and whose one quiet host stopped; and a Beat whose batches skipped serials and held
 * events that were not Auditbeat JSON.
 */
class HostHealthTest {
    private static final long T0 = 1_700_000_000_000L;
    /** The last event of the busy host: the fleet's last. */
    private static final long END = T0 + 1_199_000L;
    private static final Set<Long> BUSY_SKIPPED = Set.of(301L, 302L, 303L, 304L, 305L, 800L);

    private static Path rawLog(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (long serial = 1; serial <= 1200; serial++) {
            long ts = T0 + (serial - 1) * 1000;
            if (BUSY_SKIPPED.contains(serial)) {
                continue;
            }
            String config = serial == 100 ? "op=set audit_backlog_limit=8192 old=64"
                    : serial == 1000 ? "op=set lost=0 old=17" : serial == 1100 ? "op=set lost=0 old=4"
                    : serial == 1150 ? "op=set backlog_wait_time_actual=0 old=250" : null;
            if (config != null) {
                lines.add(RawEventWriter.header("busy", "CONFIG_CHANGE", ts, serial) + config
                        + " auid=4294967295 ses=4294967295 subj=system_u:system_r:auditctl_t:s0 res=1\n");
            } else {
                lines.addAll(execution("busy", ts, serial));
            }
        }
        for (long serial = 1; serial <= 10; serial++) { // every 30 s, then nothing for 15 minutes and more
            lines.addAll(execution("quiet", T0 + (serial - 1) * 30_000, serial));
        }
        for (long serial = 1; serial <= 20; serial++) { // up to the end, nothing lost
            lines.addAll(execution("calm", END - (20 - serial) * 1000, 5000 + serial));
        }
        Path log = dir.resolve("audit.log");
        Files.write(log, lines.stream().sorted(java.util.Comparator.comparing(HostHealthTest::timeOf)).toList());
        return log;
    }

    private static String timeOf(String line) {
        return line.substring(line.indexOf("audit(") + 6, line.indexOf(':', line.indexOf("audit(")));
    }

    private static List<String> execution(String host, long ts, long serial) {
        return RawEventWriter.execution(host, ts, serial, 4000 + (int) serial, 1, "0", "/usr/bin/ls", "/root", "exec",
                List.of("ls", "-l")).stream().map(String::stripTrailing).toList();
    }

    private static String beatEvent(long serial, String action, String data) {
        return "{\"@timestamp\":\"" + Instant.ofEpochMilli(END - 100_000 + serial * 100) + "\",\"host\":{\"name\":\"beat-01\"},"
                + "\"event\":{\"module\":\"auditd\",\"action\":\"" + action + "\"},\"auditd\":{\"sequence\":" + serial
                + (data == null ? "" : ",\"data\":" + data) + "}}";
    }

    private static List<AuditEvent> beatBatch(long from, long to) {
        BeatEventParser parser = new BeatEventParser();
        List<AuditEvent> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(parser.parse(s == 60 ? beatEvent(s, "changed-audit-configuration", "{\"op\":\"set\",\"lost\":\"0\",\"old\":\"9\"}")
                    : beatEvent(s, "executed", null)));
        }
        return out;
    }

    @Test
    void hosts_sayTheSkippedSerials_theKernelsLosses_theRejectedEvents_andWhoWentSilent_problemsFirst(@TempDir Path dir)
            throws Exception {
        Path store = dir.resolve("store.duckdb");
        Instant now = Instant.ofEpochMilli(END + 60_000);
        String before;
        try (AuditmlService service = AuditmlService.open(store)) {
            AnalysisReport report = service.analyze(new AnalysisRequest(List.of(rawLog(dir)), List.of(), List.of(), "",
                    null, null, "unnamed"), IngestListener.NONE);
            assertThat(report.read().sources().values().iterator().next().nodes().get("busy").serialGaps())
                    .as("the reader's own count").isEqualTo(BUSY_SKIPPED.size());
            // a Beat: two batches with serials 51 and 52 missing between them; the second brought two events that are no events
            service.ingestEvents("beat 10.0.0.5", beatBatch(1, 50));
            service.ingestEvents("beat 10.0.0.5", beatBatch(53, 100), new IngestLoss().rejected("beat-01", 2));
            service.ingestEvents("beat 10.0.0.5", beatBatch(53, 100)); // sent again after a lost ACK: stored once

            JsonNode hosts = service.hostHealth().hosts(now).path("hosts");
            assertThat(hosts.findValuesAsText("host.name")).containsExactly("beat-01", "busy", "quiet", "calm");

            JsonNode busy = hosts.get(1);
            assertThat(busy.path("serial_gaps").asLong()).isEqualTo(BUSY_SKIPPED.size());
            assertThat(busy.path("kernel_lost").asLong()).isEqualTo(17 + 4);
            assertThat(busy.path("kernel_lost_reported").asLong()).isEqualTo(T0 + 1099 * 1000);
            assertThat(busy.path("backlog_limit").asLong()).isEqualTo(8192);
            assertThat(busy.path("backlog_wait_time_actual").asLong()).isEqualTo(250);
            assertThat(busy.path("silent_since").isNull()).isTrue();
            assertThat(busy.path("problems")).extracting(JsonNode::asText).containsExactly("serial gaps", "kernel lost", "backlog full");

            JsonNode beat = hosts.get(0);
            assertThat(beat.path("events").asLong()).isEqualTo(98);
            assertThat(beat.path("serial_gaps").asLong()).isEqualTo(2);
            assertThat(beat.path("kernel_lost").asLong()).isEqualTo(9);
            assertThat(beat.path("rejected_events").asLong()).isEqualTo(2);
            assertThat(beat.path("problems")).extracting(JsonNode::asText)
                    .containsExactly("serial gaps", "kernel lost", "rejected");

            JsonNode quiet = hosts.get(2);
            assertThat(quiet.path("silent_since").asLong()).isEqualTo(T0 + 9 * 30_000);
            assertThat(quiet.path("silent_after_ms").asLong()).isEqualTo(600_000);
            assertThat(quiet.path("problems")).extracting(JsonNode::asText).containsExactly("silent");

            JsonNode calm = hosts.get(3);
            assertThat(calm.path("problems")).isEmpty();
            assertThat(calm.path("serial_gaps").asLong()).isZero();
            assertThat(calm.path("kernel_lost").asLong()).isZero();
            assertThat(calm.path("backlog_limit").isNull()).isTrue();
            before = hosts.toString();
        }
        try (AuditmlService service = AuditmlService.open(store)) {
            assertThat(service.hostHealth().hosts(now).path("hosts").toString()).as("after a restart").isEqualTo(before);
        }
    }

    @Test
    void aQuietHostMayStayQuietTenTimesItsUsualGap(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (long serial = 1; serial <= 5; serial++) { // every 5 minutes: silent only after 50 minutes
            lines.addAll(execution("sparse", T0 + (serial - 1) * 300_000, serial));
        }
        Path log = dir.resolve("sparse.log");
        Files.write(log, lines);
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.duckdb"))) {
            service.analyze(new AnalysisRequest(List.of(log), List.of(), List.of(), "", null, null, "x"), IngestListener.NONE);
            long last = T0 + 4 * 300_000;
            JsonNode early = service.hostHealth().hosts(Instant.ofEpochMilli(last + 3_000_000)).path("hosts").get(0);
            JsonNode late = service.hostHealth().hosts(Instant.ofEpochMilli(last + 3_000_001)).path("hosts").get(0);
            assertThat(early.path("silent_after_ms").asLong()).isEqualTo(3_000_000);
            assertThat(early.path("silent_since").isNull()).isTrue();
            assertThat(late.path("silent_since").asLong()).isEqualTo(last);
        }
    }
}

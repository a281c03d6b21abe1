package org.auditml.service;

import org.auditml.testkit.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.service.alert.AlertConfig;
import org.auditml.service.alert.Alerts;
import org.auditml.store.AlertTable;
import org.auditml.store.AuditStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery of pending alerts on a test clock: exponential back-off, giving up, a sink no longer configured. */
class AlertDeliveryTest {
    private static final long T0 = 1_700_000_000_000L;

    private static String config(String url) {
        return """
                {"sinks": {"hook": {"type": "webhook", "url": "%s"}},
                 "rules": [{"min_score": 50, "sinks": ["hook"]}],
                 "retry": {"max_attempts": 4, "initial_backoff": "1s", "max_backoff": "3s"}}""".formatted(url);
    }

    /** Commits two pending alerts as a real-time run would: one to the hook, one to a sink named "gone". */
    private static void commitPending(AuditStore store) {
        store.commitJob(new AuditStore.Snapshot("j", T0, "{}"), T0, List.of(), List.of(
                AlertTable.Alert.pending("j_record_1/hook", "hook", "j", T0, 80, "{\"alert_id\":\"j_record_1/hook\"}", T0),
                AlertTable.Alert.pending("j_record_1/gone", "gone", "j", T0, 80, "{\"alert_id\":\"j_record_1/gone\"}", T0)),
                List.of());
    }

    @Test
    void aFailingWebhookIsTriedWithExponentialBackOff_thenGivenUpOn_withItsLastError(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(T0);
        try (WebhookReceiver hook = new WebhookReceiver(0); AuditStore store = AuditStore.open(dir.resolve("a.duckdb"))) {
            hook.setDown(true);
            commitPending(store);
            Alerts alerts = new Alerts(store, new Object(), clock);
            alerts.configure(AlertConfig.parse(config(hook.url()), "alerts.json"));
            // tried at 0; then 1 s, 2 s, 3 s (capped) after each failure; the fourth failure gives up
            long[] triedAt = {0, 1_000, 3_000, 6_000};
            for (int attempt = 0; attempt < triedAt.length; attempt++) {
                clock.set(T0 + triedAt[attempt] - 1);
                if (attempt > 0) {
                    alerts.deliverDue();
                    assertThat(hook.posts().getOrDefault("j_record_1/hook", 0)).as("not before its back-off").isEqualTo(attempt);
                }
                clock.set(T0 + triedAt[attempt]);
                alerts.deliverDue();
                assertThat(hook.posts().get("j_record_1/hook")).isEqualTo(attempt + 1);
            }
            clock.set(T0 + 3_600_000);
            alerts.deliverDue();
            assertThat(hook.posts().get("j_record_1/hook")).isEqualTo(4);
            JsonNode listed = alerts.list(10);
            assertThat(listed.path("failed").asLong()).isEqualTo(1);
            JsonNode failed = listed.path("alerts").findParents("alert_id").stream()
                    .filter(a -> a.path("sink").asText().equals("hook")).findFirst().orElseThrow();
            assertThat(failed.path("state").asText()).isEqualTo("failed");
            assertThat(failed.path("attempts").asInt()).isEqualTo(4);
            assertThat(failed.path("last_error").asText()).startsWith("HTTP 503 from " + hook.url());
        }
    }

    @Test
    void anAlertOfASinkNoLongerConfigured_staysPending_andHoldsUpNoOther(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(T0);
        try (WebhookReceiver hook = new WebhookReceiver(0); AuditStore store = AuditStore.open(dir.resolve("b.duckdb"))) {
            commitPending(store);
            Alerts alerts = new Alerts(store, new Object(), clock);
            alerts.configure(AlertConfig.parse(config(hook.url()), "alerts.json"));
            assertThat(alerts.deliverDue()).isEqualTo(1);
            assertThat(alerts.deliverDue()).isZero();
            JsonNode listed = alerts.list(10);
            assertThat(listed.path("sent").asLong()).isEqualTo(1);
            assertThat(listed.path("pending").asLong()).isEqualTo(1);
            assertThat(hook.taken()).singleElement().satisfies(a -> assertThat(a.path("alert_id").asText())
                    .isEqualTo("j_record_1/hook"));
        }
    }
}

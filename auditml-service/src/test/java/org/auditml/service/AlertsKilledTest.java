package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts across kill -9: {@link AlertCrashChild} plays day 12 of the fleet with alerts to a webhook and an NDJSON
 * file; each time the webhook has taken a new alert, before it answers, the child is killed with SIGKILL and started
 * again on the same store; then it runs to the end. Every anomaly reaches each sink; one sent again (its delivery
 * was not marked) carries the same alert id, and there are no more of those than kills.
 */
class AlertsKilledTest {
    /** Every anomaly: more alerts than the fleet has at Elastic's usual scores, so that kills fall among them. */
    static final double MIN_SCORE = 0;
    private static final int KILLS = 3;

    @Test
    void killedAtAnyMoment_eachAnomalyReachesEachSink_andWhatIsSentAgainHasTheSameId(@TempDir Path dir) throws Exception {
        Path rawLog = DemoFleet.write(dir, 7).rawLog();
        Path store = dir.resolve("killed.duckdb");
        Path ndjson = dir.resolve("alerts.ndjson");
        try (WebhookReceiver hook = new WebhookReceiver(0)) {
            List<String> args = List.of(store.toString(), rawLog.toString(), hook.url(), ndjson.toString());
            hook.setAnswerDelay(500);
            int killedMidRun = 0;
            for (int i = 0; i < KILLS; i++) {
                Process p = child(args, dir.resolve("child-" + i + ".err"));
                if (hook.awaitDistinct(i + 1, TimeUnit.MINUTES.toMillis(3)) && p.isAlive()) {
                    killedMidRun++;
                }
                p.destroyForcibly().waitFor();
            }
            hook.setAnswerDelay(0);
            Process last = child(args, dir.resolve("last.err"));
            assertThat(last.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(dir.resolve("last.err"))).isZero();
            assertThat(killedMidRun).as("kills while the webhook held a taken alert").isEqualTo(KILLS);

            Set<String> expected;
            try (AuditmlService s = AuditmlService.openToRead(store)) {
                expected = LiveFleet.alertable(s, MIN_SCORE);
                assertThat(s.alerts().list(0).path("pending").asLong()).isZero();
            }
            assertThat(expected).anyMatch(k -> k.endsWith("|web-02|" + LiveFleet.MINER));

            List<JsonNode> taken = hook.taken();
            assertThat(taken.stream().map(LiveFleet::key).distinct().toList()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(taken.stream().map(a -> a.path("alert_id").asText()).distinct()).hasSize(expected.size());
            // each kill fell after the webhook took an alert and before the child knew: that alert was sent again
            assertThat(taken.size() - expected.size()).as("alerts posted again").isBetween(1, KILLS);

            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(ndjson)) {
                lines.add(LiveFleet.JSON.readTree(line));
            }
            assertThat(lines.stream().map(LiveFleet::key).distinct().toList()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(lines.size() - expected.size()).as("lines written again").isBetween(0, KILLS);
        }
    }

    private static Process child(List<String> args, Path err) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), AlertCrashChild.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
    }
}

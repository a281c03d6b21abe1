package org.auditml.beats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.service.AuditmlService;
import org.auditml.testkit.AuditbeatEvents;
import org.auditml.testkit.SelfSignedKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Third-party Lumberjack clients from npm (run by Node.js; scripts/test installs them) send to the Beats server:
 * {@code lumberjack-client} compressed v2 JSON windows, {@code lumberjack-protocol} uncompressed v1 data frames over
 * TLS. Every event is stored once and each client saw its ACKs.
 */
class NodeClientTest {
    private static final Path SCRIPT_DIR = Path.of("auditml-beats/src/test/resources/lumberjack-node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int V2_EVENTS = 300;
    private static final int QUEUED = 200;
    private static final int V1_EVENTS = 150;

    @Test
    void compressedAndUncompressedBatchesFromNpmClientsAreStoredOnceAndAcknowledged(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules")) && nodeRuns(),
                "node or " + SCRIPT_DIR.resolve("node_modules") + " missing: scripts/test installs them (npm ci)");
        List<String> events = AuditbeatEvents.distinct(dir.resolve("fleet"), V2_EVENTS + V1_EVENTS);
        Path v2 = Files.write(dir.resolve("v2.ndjson"), events.subList(0, V2_EVENTS));
        Path v1 = Files.write(dir.resolve("v1.ndjson"), events.subList(V2_EVENTS, events.size()).stream()
                .map(NodeClientTest::keyValuePairs).toList());
        SelfSignedKeyStore keys = SelfSignedKeyStore.write(dir.resolve("server.p12"));
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        JsonNode seen;
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.db"));
             BeatsServer plain = BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, logged::add);
             BeatsServer tls = BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT,
                     BeatsTls.fromKeyStore(keys.file(), keys.password()), logged::add)) {
            seen = JSON.readTree(node(dir, "send.js", String.valueOf(plain.port()), String.valueOf(tls.port()),
                    v2.toAbsolutePath().toString(), v1.toAbsolutePath().toString(), String.valueOf(QUEUED)));
            assertThat(service.eventCount()).isEqualTo(V2_EVENTS + V1_EVENTS);
        }
        List<Long> expected = new ArrayList<>(List.of((long) QUEUED));
        expected.addAll(Collections.nCopies(V2_EVENTS - QUEUED, 1L));
        assertThat(longs(seen.at("/lumberjackClient/acks"))).as("lumberjack-client's ACKs").isEqualTo(expected);
        // a window of 50, then each data frame its own (v1 without another window)
        assertThat(longs(seen.at("/lumberjackProtocol/acks"))).as("lumberjack-protocol's ACKs")
                .isEqualTo(IntStream.rangeClosed(50, V1_EVENTS).mapToObj(i -> (long) i).toList());
        assertThat(seen.at("/lumberjackProtocol/dropped").asInt()).isZero();
        assertThat(logged).isEmpty();
    }

    /** An Auditbeat event as v1 key/value pairs: its scalar fields under dotted names, as strings. */
    private static String keyValuePairs(String event) {
        ObjectNode pairs = JSON.createObjectNode();
        try {
            flatten("", JSON.readTree(event), pairs);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return pairs.toString();
    }

    private static void flatten(String prefix, JsonNode node, ObjectNode pairs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), pairs);
            }
        } else if (node.isValueNode()) {
            pairs.put(prefix, node.asText());
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asLong()));
        return values;
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String node(Path dir, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", SCRIPT_DIR.resolve(script).toString()));
        command.addAll(List.of(args));
        Path err = dir.resolve("node.err");
        Process node = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("node ends").isTrue();
        assertThat(node.exitValue()).as(Files.readString(err)).isZero();
        return out;
    }
}

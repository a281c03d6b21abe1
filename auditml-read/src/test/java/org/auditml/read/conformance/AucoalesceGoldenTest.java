package org.auditml.read.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReadReport;
import org.auditml.read.ReaderOptions;
import org.auditml.read.ecs.EventNormalizer;
import org.auditml.read.ecs.IdNames;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * go-libaudit's coalescer goldens ({@code aucoalesce/testdata/*.yaml} → {@code *.json.golden}, README "Formats" §2):
 * each test is the raw records of one event; our normalised event must agree with the golden's summary, ECS
 * category/type, result, sequence, session, process, tags and socket fields.
 *
 * <p>Named, deliberate exceptions (each asserted in its own precise form, never skipped):
 * <ul>
 *   <li><b>NO_ID_RESOLUTION</b>: the goldens do not resolve uids; our normaliser is built with an {@link IdNames}
 *       that knows no names (not even root, which {@code IdNames.of} and {@code rootOnly} always add).</li>
 *   <li><b>ENRICHED_NAMES</b>: where the raw record carries enriched names ({@code UID="_chrony"}, 21.10 cases), we
 *       resolve the actor from them (EventNormalizer javadoc); the golden keeps the number. The actor must then be
 *       exactly the enriched name of the id the golden shows.</li>
 *   <li><b>PARENT_PID_8X</b>: golden {@code process.ppid} is {@code process.parent.pid} in our (8.x) output
 *       (ecs-rules §11).</li>
 *   <li><b>INCOMPLETE_MARK</b>: auditml flags an event whose records are missing ({@code auditml.incomplete} plus a
 *       warning); go-libaudit does not. Only the 24.04 linkat case (items=1, no PATH in the input) has this.</li>
 *   <li><b>KIND_ALERT</b>: golden {@code ecs.event.kind: alert} (ANOM_*) is not ours; Auditbeat always writes
 *       {@code event.kind: event} (ecs-rules §12), and so must we.</li>
 * </ul>
 */
class AucoalesceGoldenTest {
    private static final String DIR = "go-libaudit/aucoalesce/testdata";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** NO_ID_RESOLUTION: no names at all, so ids stay numbers as in the goldens. */
    private static final IdNames NO_NAMES = new IdNames() {
        @Override
        public String user(String uid) {
            return null;
        }

        @Override
        public String group(String gid) {
            return null;
        }

        @Override
        public String uidOf(String name) {
            return null;
        }

        @Override
        public String gidOf(String name) {
            return null;
        }
    };

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> file : yaml().entrySet()) {
            JsonNode golden = JSON.readTree(Corpus.file(DIR + "/" + file.getKey() + ".json.golden").toFile());
            for (JsonNode entry : golden) {
                String name = entry.get("test_name").asText();
                out.add(Arguments.of(file.getKey() + " / " + name, file.getValue().get(name), entry));
            }
        }
        return out.stream();
    }

    private static Map<String, Map<String, String>> yaml() throws IOException {
        return GoldenYaml.testsByFile(Corpus.dir(DIR));
    }

    @Test
    void goldens_allYamlFiles_pairOneToOneWith48Cases() throws IOException {
        int yamlTests = 0;
        for (Map.Entry<String, Map<String, String>> file : yaml().entrySet()) {
            JsonNode golden = JSON.readTree(Corpus.file(DIR + "/" + file.getKey() + ".json.golden").toFile());
            List<String> goldenNames = new ArrayList<>();
            golden.forEach(e -> goldenNames.add(e.get("test_name").asText()));
            assertThat(goldenNames).as(file.getKey()).containsExactlyInAnyOrderElementsOf(file.getValue().keySet());
            yamlTests += file.getValue().size();
        }
        assertThat(yamlTests).isEqualTo(48);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalize_aucoalesceCase_agreesWithGolden(String name, String raw, JsonNode entry) throws IOException {
        AuditEvent ev = normalize(name, raw);
        JsonNode golden = entry.get("event");

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ev.timestamp()).as("@timestamp").isEqualTo(Instant.parse(golden.get("@timestamp").asText()));
        soft.assertThat(ev.get("auditd.sequence")).as("auditd.sequence").isEqualTo(golden.get("sequence").asLong());
        soft.assertThat(ev.get("auditd.result")).as("auditd.result").isEqualTo(text(golden, "result"));
        String session = text(golden, "session");
        soft.assertThat(ev.get("auditd.session")).as("auditd.session (omitted when unset)")
                .isEqualTo("unset".equals(session) ? null : session);

        JsonNode summary = golden.path("summary");
        soft.assertThat(ev.get("event.kind")).as("event.kind (KIND_ALERT)").isEqualTo("event");
        soft.assertThat(ev.get("event.action")).as("event.action").isEqualTo(text(summary, "action"));
        soft.assertThat(ev.get("event.category")).as("event.category")
                .isEqualTo(list(golden.path("ecs").path("event").path("category")));
        List<String> types = new ArrayList<>(list(golden.path("ecs").path("event").path("type")));
        if ("user_login".equals(text(golden, "record_type")) && ("success".equals(text(golden, "result"))
                || "fail".equals(text(golden, "result")))) {
            // the beat, not the library, adds a login's result (Auditbeat 7, as the auditbeat goldens show)
            types.add("success".equals(text(golden, "result")) ? "authentication_success" : "authentication_failure");
        }
        soft.assertThat(ev.get("event.type")).as("event.type").isEqualTo(types);
        for (String role : List.of("primary", "secondary")) {
            String expected = expectedActor(text(summary.path("actor"), role), golden, raw);
            soft.assertThat(ev.get("auditd.summary.actor." + role)).as("auditd.summary.actor." + role)
                    .isEqualTo(expected);
        }
        for (String part : List.of("type", "primary", "secondary")) {
            soft.assertThat(ev.get("auditd.summary.object." + part)).as("auditd.summary.object." + part)
                    .isEqualTo(text(summary.path("object"), part));
        }
        soft.assertThat(ev.get("auditd.summary.how")).as("auditd.summary.how").isEqualTo(text(summary, "how"));

        JsonNode process = golden.path("process");
        soft.assertThat(ev.get("process.pid")).as("process.pid").isEqualTo(number(process, "pid"));
        soft.assertThat(ev.get("process.parent.pid")).as("process.parent.pid (golden ppid, PARENT_PID_8X)")
                .isEqualTo(number(process, "ppid"));
        soft.assertThat(ev.get("process.name")).as("process.name").isEqualTo(text(process, "name"));
        soft.assertThat(ev.get("process.executable")).as("process.executable").isEqualTo(text(process, "exe"));
        soft.assertThat(ev.get("process.working_directory")).as("process.working_directory")
                .isEqualTo(text(process, "cwd"));
        soft.assertThat(ev.get("process.args")).as("process.args").isEqualTo(list(process.path("args")));
        soft.assertThat(ev.get("process.title")).as("process.title").isEqualTo(text(process, "title"));
        soft.assertThat(ev.get("tags")).as("tags").isEqualTo(list(golden.path("tags")));

        for (String end : List.of("source", "destination")) {
            soft.assertThat(ev.get(end + ".ip")).as(end + ".ip").isEqualTo(text(golden.path(end), "ip"));
            soft.assertThat(ev.get(end + ".port")).as(end + ".port").isEqualTo(number(golden.path(end), "port"));
        }
        soft.assertThat(ev.get("network.direction")).as("network.direction")
                .isEqualTo(text(golden.path("network"), "direction"));
        for (String k : List.of("family", "addr", "port", "path", "saddr", "flow")) {
            soft.assertThat(ev.get("auditd.data.socket." + k)).as("auditd.data.socket.%s (golden data.socket_%s)", k, k)
                    .isEqualTo(text(golden.path("data"), "socket_" + k));
        }
        soft.assertThat(fileFields(ev)).as("file.*").isEqualTo(flatten("file", golden.path("file")));
        soft.assertAll();
    }

    /**
     * Our {@code error.message} holds exactly the golden's warnings (go-libaudit sorts them; order is not compared),
     * except INCOMPLETE_MARK: auditml's own incompleteness warnings (EventNormalizer#isIncomplete) come on top, and
     * only together with {@code auditml.incomplete} (24.04 linkat: items=1 but the test input has no PATH record).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalize_aucoalesceCase_warnsAsGolden(String name, String raw, JsonNode entry) throws IOException {
        AuditEvent ev = normalize(name, raw);
        List<String> ours = new ArrayList<>(stringList(ev.get("error.message")));
        List<String> auditmlOnly = ours.stream().filter(AucoalesceGoldenTest::isIncompletenessWarning).toList();
        ours.removeAll(auditmlOnly);
        assertThat(ours).as("error.message")
                .containsExactlyInAnyOrderElementsOf(stringList(list(entry.path("warnings"))));
        assertThat(ev.get(EventNormalizer.INCOMPLETE_FIELD)).as(EventNormalizer.INCOMPLETE_FIELD)
                .isEqualTo(auditmlOnly.isEmpty() ? null : Boolean.TRUE);
    }

    /**
     * The ECS user entities the golden's {@code ecs.user} / {@code ecs.group} mappings set, as Auditbeat writes them
     * (ecs-rules §7.2-§7.4): a mapped id or name replaces what the ids gave, "unset" deletes it, a
     * {@code user.effective} equal to {@code user} is dropped, and the mapped user names make {@code related.user}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalize_aucoalesceCase_mapsEcsEntitiesAsGolden(String name, String raw, JsonNode entry) throws IOException {
        assertEcsEntities(name, raw, entry);
    }

    private static void assertEcsEntities(String name, String raw, JsonNode entry) throws IOException {
        AuditEvent ev = normalize(name, raw);
        JsonNode golden = entry.get("event");
        JsonNode ecsUser = golden.path("ecs").path("user");
        Map<String, JsonNode> mapped = new LinkedHashMap<>();
        mapped.put("user", ecsUser);
        for (String sub : List.of("effective", "target", "changes")) {
            mapped.put("user." + sub, ecsUser.path(sub));
        }
        mapped.put("group", golden.path("ecs").path("group"));
        mapped.values().removeIf(e -> !e.has("id") && !e.has("name"));

        Map<String, String> expected = new TreeMap<>();
        List<String> related = new ArrayList<>();
        mapped.forEach((target, e) -> {
            String id = "unset".equals(text(e, "id")) ? null : text(e, "id");
            expected.put(target + ".id", id);
            expected.put(target + ".name", text(e, "name"));
            if (text(e, "name") != null && !target.equals("group")) {
                related.add(text(e, "name"));
            }
        });
        if (mapped.containsKey("user.effective")) {
            String userId = mapped.containsKey("user") ? expected.get("user.id")
                    : text(golden.path("user").path("ids"), "uid");
            String userName = expected.get("user.name");
            if ((userId != null && userId.equals(expected.get("user.effective.id")))
                    || (userId == null && userName != null && userName.equals(expected.get("user.effective.name")))) {
                expected.put("user.effective.id", null);
                expected.put("user.effective.name", null);
            }
        }
        Map<String, String> actual = new TreeMap<>();
        expected.keySet().forEach(k -> actual.put(k, ev.get(k) == null ? null : ev.get(k).toString()));
        assertThat(actual).as("mapped ECS entities").isEqualTo(expected);
        assertThat(ev.get("related.user")).as("related.user")
                .isEqualTo(related.isEmpty() ? null : related.stream().distinct().sorted().toList());
    }

    private static boolean isIncompletenessWarning(String w) {
        return w.matches("expected \\d+ PATH records, found \\d+") || w.equals("missing EXECVE record");
    }

    /** The one event our reader makes of a test's records, with no id resolution (NO_ID_RESOLUTION). */
    private static AuditEvent normalize(String name, String raw) throws IOException {
        assertThat(raw).as("YAML input of " + name).isNotNull();
        List<AuditEvent> events = new ArrayList<>();
        ReadReport report = new ReadReport();
        new AuditReader(ReaderOptions.defaults("test"), EventNormalizer.withNames(NO_NAMES))
                .read(name, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), events::add, report);
        assertThat(report.malformedLines()).as("malformed lines").isZero();
        assertThat(events).as("one event per test").hasSize(1);
        return events.get(0);
    }

    private static Map<String, String> fileFields(AuditEvent ev) {
        Map<String, String> out = new TreeMap<>();
        ev.fields().forEach((k, v) -> {
            if (k.startsWith("file.")) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    private static Map<String, String> flatten(String prefix, JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                out.putAll(flatten(prefix + "." + e.getKey(), e.getValue()));
            } else {
                out.put(prefix + "." + e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    /**
     * The golden actor, but ENRICHED_NAMES: a numeric golden actor becomes the enriched name of the id it is, when
     * the raw text carries one ({@code uid=112 ... UID="_chrony"}).
     */
    private static String expectedActor(String goldenActor, JsonNode golden, String raw) {
        if (goldenActor == null || !DIGITS.matcher(goldenActor).matches()) {
            return goldenActor;
        }
        for (String key : List.of("auid", "uid")) {
            if (goldenActor.equals(text(golden.path("user").path("ids"), key))) {
                Matcher m = Pattern.compile("\\b" + key.toUpperCase() + "=\"?([^\" ]+)\"?").matcher(raw);
                if (m.find()) {
                    return m.group(1);
                }
                return goldenActor;
            }
        }
        return goldenActor;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? null : Long.valueOf(v);
    }

    private static List<String> list(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}

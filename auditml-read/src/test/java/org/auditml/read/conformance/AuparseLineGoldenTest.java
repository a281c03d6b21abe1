package org.auditml.read.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawRecord;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * go-libaudit's per-line parse goldens ({@code auparse/testdata/X.log} → {@code X.log.golden}, README "Formats" §1):
 * one golden entry per line, {@code null} for a line that cannot be parsed. {@link org.auditml.read.raw.RawLineParser}
 * keeps values raw (only hex-decoded), so the golden's interpretations are checked in reverse where that is exact,
 * and skipped only for the table lookups our parser does not do:
 * <ul>
 *   <li>{@code arch}, {@code syscall}, {@code sig} (numbers → names) and {@code exit} when it is an errno name;</li>
 *   <li>SOCKADDR's {@code family/addr/port/path/flow/saddr}, derived from the binary {@code saddr};</li>
 *   <li>checked in reverse: {@code result} (from {@code success}, else {@code res}), {@code auid/ses/old-auid}
 *       "unset" (raw 4294967295 or -1), {@code subj_*}/{@code obj_*} (our {@code subj}/{@code obj} split on ':').</li>
 * </ul>
 * The golden's {@code keys} (the rule key, hex-decoded and split on 0x01) must be our {@code key} split likewise.
 *
 * <p>Known failure, left enabled: {@code audit-ubuntu17.log:1} ends in {@code key=65786563013634626974"}. BUG:
 * RawLineParser ends an unquoted value only at a space or 0x1d, so the stray {@code "} stays in the value, which is
 * then not hex and is not decoded; go-libaudit (and ecs-rules §1.1, unquoted {@code [^"'\s]+}) end it at the quote
 * and get {@code ["exec", "64bit"]}.
 */
class AuparseLineGoldenTest {
    private static final String DIR = "go-libaudit/auparse/testdata/";
    private static final List<String> LOGS = List.of("audit-rhel6.log", "audit-rhel7.log", "audit-ubuntu14.log",
            "audit-ubuntu16.log", "audit-ubuntu17.log", "test2.log", "test3.log");
    private static final Set<String> TABLE_LOOKUPS = Set.of("arch", "syscall", "sig");
    private static final Set<String> SOCKADDR_KEYS = Set.of("family", "addr", "port", "path", "flow", "saddr");
    private static final Set<String> UNSET_KEYS = Set.of("auid", "ses", "old-auid");
    private static final String[] LABEL_PARTS = {"user", "role", "domain", "level", "category"};

    static Stream<Arguments> lines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Arguments> out = new ArrayList<>();
        for (String log : LOGS) {
            List<byte[]> lines = CorpusLines.lines(Corpus.file(DIR + log));
            JsonNode golden = json.readTree(Corpus.file(DIR + log + ".golden").toFile());
            assertThat(golden.size()).as(log + ": golden entries = lines").isEqualTo(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                out.add(Arguments.of(log + ":" + (i + 1), lines.get(i), golden.get(i)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parse_auparseGoldenLine_agreesWithGolden(String where, byte[] line, JsonNode golden) {
        LineResult result = CorpusLines.parse(line, 1);
        if (golden.isNull()) {
            assertThat(result).as(where + " is unparseable for go-libaudit").isInstanceOf(LineResult.Rejected.class);
            return;
        }
        assertThat(result).as(where).isInstanceOf(LineResult.Parsed.class);
        RawRecord r = ((LineResult.Parsed) result).record();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.type().toLowerCase(Locale.ROOT)).as("record_type")
                .isEqualTo(golden.get("record_type").asText());
        soft.assertThat(r.serial()).as("sequence").isEqualTo(golden.get("sequence").asLong());
        soft.assertThat(r.timeMillis()).as("@timestamp")
                .isEqualTo(Instant.parse(golden.get("@timestamp").asText()).toEpochMilli());
        for (Map.Entry<String, JsonNode> e : iterable(golden.path("data"))) {
            String key = e.getKey();
            String expected = e.getValue().asText();
            String as = "data." + key;
            if (TABLE_LOOKUPS.contains(key) || ("exit".equals(key) && !expected.matches("-?\\d+"))
                    || ("SOCKADDR".equals(r.type()) && SOCKADDR_KEYS.contains(key))) {
                continue; // an interpretation by go-libaudit's tables; our raw record keeps the number or hex
            } else if ("result".equals(key)) {
                soft.assertThat(result(r)).as(as + " (from success/res)").isEqualTo(expected);
            } else if (UNSET_KEYS.contains(key) && "unset".equals(expected)) {
                soft.assertThat(r.get(key)).as(as + " (unset)").isIn("4294967295", "-1");
            } else if (key.startsWith("subj_") || key.startsWith("obj_")) {
                String label = key.substring(0, key.indexOf('_'));
                String part = key.substring(label.length() + 1);
                soft.assertThat(labelPart(r.get(label), part)).as(as + " (split " + label + ")").isEqualTo(expected);
            } else {
                soft.assertThat(r.get(key)).as(as).isEqualTo(expected);
            }
        }
        List<String> keys = new ArrayList<>();
        golden.path("keys").forEach(k -> keys.add(k.asText()));
        soft.assertThat(ruleKeys(r)).as("keys (key=, split on \\x01)").isEqualTo(keys);
        soft.assertAll();
    }

    /** The rule keys of a record: {@code key=}, split on 0x01; none for {@code key=(null)} or no key. */
    private static List<String> ruleKeys(RawRecord r) {
        String key = r.get("key");
        return key == null || key.equals("(null)") ? List.of() : List.of(key.split("\u0001"));
    }

    /** go-libaudit's result: {@code success} wins over {@code res}; yes, 1 and suc* are success. */
    private static String result(RawRecord r) {
        String v = r.get("success") != null ? r.get("success") : r.get("res");
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        return lower.equals("yes") || lower.equals("1") || lower.startsWith("suc") ? "success" : "fail";
    }

    /** A part of an SELinux label {@code user:role:domain:level:category} (the last part keeps any ':'). */
    private static String labelPart(String label, String part) {
        if (label == null) {
            return null;
        }
        String[] parts = label.split(":", 5);
        for (int i = 0; i < LABEL_PARTS.length; i++) {
            if (LABEL_PARTS[i].equals(part)) {
                return i < parts.length ? parts[i] : null;
            }
        }
        throw new IllegalArgumentException(part);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}

package org.auditml.read.beat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.auditml.read.AuditEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer: any text, as a line of Auditbeat JSON, gives an event or an {@link IllegalArgumentException} with a reason,
 * never another exception; an event has its time, and its identity fields hold values, not objects. Run by
 * scripts/test on its seeds; {@code JAZZER_FUZZ=1} fuzzes.
 */
class BeatEventParserFuzzer {
    private final BeatEventParser parser = new BeatEventParser();

    @FuzzTest(maxDuration = "30s")
    void parse_anyLine_givesAnEventOrAReason(byte[] bytes) {
        String line = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        AuditEvent event;
        try {
            event = parser.parse(line);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(event.original()).isEqualTo(line);
        for (String field : new String[]{"host.name", "process.executable", "process.pid", "user.name"}) {
            Object v = event.get(field);
            assertThat(v == null || v instanceof String || v instanceof Long || v instanceof java.util.List)
                    .as("%s is a value: %s", field, v).isTrue();
        }
    }
}

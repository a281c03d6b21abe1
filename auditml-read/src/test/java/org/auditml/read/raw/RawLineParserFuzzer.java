package org.auditml.read.raw;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer: any bytes give one of the documented outcomes, {@link LineResult.Parsed} or {@link LineResult.Rejected},
 * never an exception. Run by scripts/test on its seeds; {@code JAZZER_FUZZ=1} fuzzes.
 */
class RawLineParserFuzzer {
    private final RawLineParser parser = new RawLineParser();

    @FuzzTest(maxDuration = "30s")
    void parse_anyBytes_givesParsedOrRejected(byte[] line) {
        LineResult result = parser.parse(line, 0, line.length, 1);
        if (result instanceof LineResult.Parsed p) {
            RawRecord r = p.record();
            assertThat(r.type()).isNotEmpty();
            assertThat(r.serial()).isBetween(0L, 0xffffffffL);
            assertThat(r.timeMillis()).isNotNegative();
            assertThat(r.fields()).hasSize(r.size()); // every value decodes, and keys are distinct
        } else {
            assertThat(((LineResult.Rejected) result).reason()).isNotBlank();
        }
    }
}

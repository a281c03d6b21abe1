package org.auditml.engine.query;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DateMathTest {
    private static final long NOW = Instant.parse("2021-01-20T10:30:15.250Z").toEpochMilli();

    private static Instant resolve(String text, boolean roundUp) {
        return Instant.ofEpochMilli(DateMath.bound(text, DateMath.DEFAULT_FORMAT, ZoneOffset.UTC, roundUp).resolve(NOW));
    }

    @Test
    void roundingUp_fillsMissingPartsAndEndsTheUnit_asElasticsearch() {
        assertThat(resolve("2021-01-19", false)).isEqualTo("2021-01-19T00:00:00Z");
        assertThat(resolve("2021-01-19", true)).isEqualTo("2021-01-19T23:59:59.999Z");
        assertThat(resolve("2021-01-19||", true)).isEqualTo("2021-01-19T00:00:00Z");
        assertThat(resolve("now/d", false)).isEqualTo("2021-01-20T00:00:00Z");
        assertThat(resolve("now/d", true)).isEqualTo("2021-01-20T23:59:59.999Z");
        assertThat(resolve("now-1M/M", false)).isEqualTo("2020-12-01T00:00:00Z");
        assertThat(resolve("now+1h-30m", false)).isEqualTo("2021-01-20T11:00:15.250Z");
        assertThat(resolve("now/w", false)).isEqualTo("2021-01-18T00:00:00Z");
        assertThat(resolve("1611100000000", false)).isEqualTo(Instant.ofEpochMilli(1_611_100_000_000L));
    }

    @Test
    void aTimeZone_movesDatesWithoutOffsetAndRounding() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(Instant.ofEpochMilli(DateMath.bound("now/d", DateMath.DEFAULT_FORMAT, paris, false).resolve(NOW)))
                .isEqualTo("2021-01-19T23:00:00Z");
        assertThat(Instant.ofEpochMilli(DateMath.bound("2021-01-20T00:00:00+05:00", DateMath.DEFAULT_FORMAT, paris,
                false).resolve(NOW))).isEqualTo("2021-01-19T19:00:00Z");
    }

    @Test
    void badMathOrFormat_isSaid() {
        assertThatThrownBy(() -> resolve("now-1q", false)).hasMessageContaining("bad date math at '-1q'");
        assertThatThrownBy(() -> resolve("yesterday", false)).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> DateMath.checkFormat("basic_week_date")).hasMessageContaining("not supported");
    }
}

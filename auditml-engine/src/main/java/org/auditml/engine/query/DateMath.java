package org.auditml.engine.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch's dates in queries: a date in one of the field's formats ({@code strict_date_optional_time||epoch_millis}
 * unless {@code format} says otherwise), or date math ({@code now-30d/d}, {@code 2024-01-01||+1M}). A bound that rounds
 * up ({@code gt}, {@code lte}) fills missing date parts and rounds to the last millisecond of the unit, as
 * Elasticsearch does; {@code now} is read from the query's clock each time a bound is resolved.
 */
final class DateMath {
    static final String DEFAULT_FORMAT = "strict_date_optional_time||epoch_millis";
    private static final Pattern OP = Pattern.compile("([+-])(\\d+)([yMwdhHms])|/([yMwdhHms])");
    private static final DateTimeFormatter OPTIONAL_TIME = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4)
            .optionalStart().appendLiteral('-').appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .optionalStart().appendLiteral('-').appendValue(ChronoField.DAY_OF_MONTH, 2)
            .optionalStart().appendLiteral('T').appendValue(ChronoField.HOUR_OF_DAY, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd().optionalEnd().optionalEnd().optionalEnd().optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    /** A parsed bound: an anchor (a time, or now) and the math after it. */
    record Bound(Long anchorMillis, List<String> ops, ZoneId zone, boolean roundUp) {
        long resolve(long nowMillis) {
            ZonedDateTime t = Instant.ofEpochMilli(anchorMillis == null ? nowMillis : anchorMillis).atZone(zone);
            for (String op : ops) {
                if (op.startsWith("/")) {
                    t = round(t, op.charAt(1), roundUp);
                } else {
                    long n = Long.parseLong(op.substring(1, op.length() - 1)) * (op.charAt(0) == '-' ? -1 : 1);
                    t = t.plus(n, unit(op.charAt(op.length() - 1)));
                }
            }
            return t.toInstant().toEpochMilli();
        }
    }

    private DateMath() {
    }

    /** Parses a bound; throws IllegalArgumentException saying what is wrong. */
    static Bound bound(String text, String format, ZoneId zone, boolean roundUp) {
        String anchor;
        String math;
        if (text.startsWith("now")) {
            anchor = null;
            math = text.substring(3);
        } else {
            int bars = text.indexOf("||");
            anchor = bars < 0 ? text : text.substring(0, bars);
            math = bars < 0 ? "" : text.substring(bars + 2);
        }
        List<String> ops = new ArrayList<>();
        Matcher m = OP.matcher(math);
        int at = 0;
        while (at < math.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "': bad date math at '" + math.substring(at)
                        + "' (expected +1d, -30m, /d, ... with units y M w d h H m s)");
            }
            ops.add(m.group());
            at = m.end();
        }
        // a date alone rounds up its missing parts; one anchoring math ("...||+1d") does not
        boolean alone = anchor != null && !text.contains("||");
        Long anchorMillis = anchor == null ? null : parse(anchor, format, zone, roundUp && alone);
        if (anchorMillis == null && anchor != null) {
            throw new IllegalArgumentException("'" + anchor + "' does not parse with format '" + format + "'");
        }
        return new Bound(anchorMillis, ops, zone, roundUp);
    }

    /** An event's date value, as Elasticsearch's default date format reads it; null when it does not parse. */
    static Long parseValue(String value) {
        return parse(value, DEFAULT_FORMAT, ZoneOffset.UTC, false);
    }

    /** Checks a format before use: each alternative a known name or a Java time pattern. */
    static void checkFormat(String format) {
        for (String f : format.split("\\|\\|")) {
            formatter(f);
        }
    }

    private static Long parse(String text, String format, ZoneId zone, boolean roundUp) {
        for (String f : format.split("\\|\\|")) {
            switch (f) {
                case "epoch_millis" -> {
                    try {
                        return (long) Double.parseDouble(text);
                    } catch (NumberFormatException ignored) {
                        // the next format may read it
                    }
                }
                case "epoch_second" -> {
                    try {
                        return (long) (Double.parseDouble(text) * 1000);
                    } catch (NumberFormatException ignored) {
                        // the next format may read it
                    }
                }
                default -> {
                    try {
                        return toMillis(formatter(f).parse(text), zone, roundUp);
                    } catch (DateTimeParseException ignored) {
                        // the next format may read it
                    }
                }
            }
        }
        return null;
    }

    private static DateTimeFormatter formatter(String name) {
        return switch (name) {
            case "strict_date_optional_time", "date_optional_time", "strict_date_time", "date_time",
                 "strict_date", "date", "strict_year_month", "year_month", "strict_year", "year" -> OPTIONAL_TIME;
            case "epoch_millis", "epoch_second" -> null;
            default -> {
                if (name.matches("[a-z_]+")) {
                    throw new IllegalArgumentException("date format '" + name + "' is not supported (use "
                            + "strict_date_optional_time, epoch_millis, epoch_second or a pattern like yyyy-MM-dd)");
                }
                yield DateTimeFormatter.ofPattern(name, Locale.ROOT);
            }
        };
    }

    /** Missing parts: the start of the unit, or when rounding up as Elasticsearch's round-up parser fills them. */
    private static long toMillis(TemporalAccessor t, ZoneId zone, boolean roundUp) {
        int year = t.isSupported(ChronoField.YEAR) ? t.get(ChronoField.YEAR) : 1970;
        int month = t.isSupported(ChronoField.MONTH_OF_YEAR) ? t.get(ChronoField.MONTH_OF_YEAR) : 1;
        int day = t.isSupported(ChronoField.DAY_OF_MONTH) ? t.get(ChronoField.DAY_OF_MONTH) : 1;
        int hour = t.isSupported(ChronoField.HOUR_OF_DAY) ? t.get(ChronoField.HOUR_OF_DAY) : roundUp ? 23 : 0;
        int minute = t.isSupported(ChronoField.MINUTE_OF_HOUR) ? t.get(ChronoField.MINUTE_OF_HOUR) : roundUp ? 59 : 0;
        int second = t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : roundUp ? 59 : 0;
        int nano = t.isSupported(ChronoField.NANO_OF_SECOND) ? t.get(ChronoField.NANO_OF_SECOND) : roundUp ? 999_999_999 : 0;
        LocalDateTime local = LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nano));
        ZoneId z = t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)) : zone;
        return local.atZone(z).toInstant().toEpochMilli();
    }

    private static ChronoUnit unit(char c) {
        return switch (c) {
            case 'y' -> ChronoUnit.YEARS;
            case 'M' -> ChronoUnit.MONTHS;
            case 'w' -> ChronoUnit.WEEKS;
            case 'd' -> ChronoUnit.DAYS;
            case 'h', 'H' -> ChronoUnit.HOURS;
            case 'm' -> ChronoUnit.MINUTES;
            default -> ChronoUnit.SECONDS;
        };
    }

    private static ZonedDateTime round(ZonedDateTime t, char unit, boolean up) {
        ZonedDateTime start = switch (unit) {
            case 'y' -> t.with(TemporalAdjusters.firstDayOfYear()).truncatedTo(ChronoUnit.DAYS);
            case 'M' -> t.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS);
            case 'w' -> t.with(java.time.DayOfWeek.MONDAY).truncatedTo(ChronoUnit.DAYS);
            default -> t.truncatedTo(unit(unit));
        };
        return up ? start.plus(1, unit(unit)).minus(1, ChronoUnit.MILLIS) : start;
    }
}

package org.auditml.engine.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.RuleParser;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.auditml.engine.calendar.CalendarFields.*;

/**
 * Reads calendars and scheduled events from Elastic's JSON bodies ({@code PUT _ml/calendars/<id>},
 * {@code POST _ml/calendars/<id>/events}), strictly: an unknown field is refused with the name it probably meant.
 * Times are epoch milliseconds or ISO-8601, as Elastic takes them.
 */
public final class CalendarParser {
    private static final String COUNT = "count";
    private static final Set<String> CALENDAR = Set.of(CALENDAR_ID, JOB_IDS, DESCRIPTION, EVENTS);
    private static final Set<String> EVENT = Set.of(CALENDAR_ID, EVENT_ID, DESCRIPTION, START_TIME, END_TIME,
            SKIP_RESULT, SKIP_MODEL_UPDATE, FORCE_TIME_SHIFT);

    private CalendarParser() {
    }

    /** A calendar and the events a file of it may carry (Elastic's body has none; an exported calendar may). */
    public record CalendarFile(Calendar calendar, List<ScheduledEvent> events) {
    }

    /** A calendar body; {@code calendarId} (URL or file name) is used when the body has none. */
    public static CalendarFile calendar(String json, String calendarId) {
        JsonNode root = RuleParser.read(json, "calendar");
        List<ConfigException.Problem> problems = new ArrayList<>();
        BiConsumer<String, String> p = (f, r) -> problems.add(new ConfigException.Problem(f, r));
        if (!root.isObject()) {
            throw new ConfigException("calendar", List.of(new ConfigException.Problem("(body)",
                    "a calendar must be a JSON object")));
        }
        known(root, "", CALENDAR, p);
        String own = root.path(CALENDAR_ID).isTextual() ? root.get(CALENDAR_ID).asText() : null;
        if (own != null && calendarId != null && !own.equals(calendarId)) {
            p.accept(CALENDAR_ID, "inconsistent calendar_id; '" + own + "' in the body differs from '" + calendarId
                    + "' given for it");
        }
        String id = own != null ? own : calendarId;
        RuleParser.checkId(id, CALENDAR_ID, p);
        List<String> jobs = new ArrayList<>();
        JsonNode j = root.get(JOB_IDS);
        if (j != null && !j.isNull()) {
            if (!j.isArray()) {
                p.accept(JOB_IDS, "must be a list of job ids or groups");
            } else {
                for (int i = 0; i < j.size(); i++) {
                    if (j.get(i).isTextual()) {
                        jobs.add(j.get(i).asText());
                    } else {
                        p.accept(JOB_IDS + "[" + i + "]", "must be a string; was " + j.get(i));
                    }
                }
            }
        }
        String description = text(root, DESCRIPTION, DESCRIPTION, p);
        List<ScheduledEvent> events = root.has(EVENTS) ? events(root.get(EVENTS), EVENTS, id, p) : List.of();
        if (!problems.isEmpty()) {
            throw new ConfigException("calendar", problems);
        }
        return new CalendarFile(new Calendar(id, jobs, description), events);
    }

    /**
     * The events of {@code POST _ml/calendars/<id>/events}, {@code {"events": [...]}}, or of what
     * {@code GET _ml/calendars/<id>/events} returned.
     */
    public static List<ScheduledEvent> events(String json, String calendarId) {
        JsonNode root = RuleParser.read(json, "scheduled events");
        List<ConfigException.Problem> problems = new ArrayList<>();
        BiConsumer<String, String> p = (f, r) -> problems.add(new ConfigException.Problem(f, r));
        if (!root.isObject() || !root.has(EVENTS)) {
            throw new ConfigException("scheduled events", List.of(new ConfigException.Problem(EVENTS,
                    "must be set: {\"events\": [{\"description\": ..., \"start_time\": ..., \"end_time\": ...}]}")));
        }
        known(root, "", Set.of(EVENTS, COUNT), p); // GET's body has the count beside the events
        List<ScheduledEvent> events = events(root.get(EVENTS), EVENTS, calendarId, p);
        if (!problems.isEmpty()) {
            throw new ConfigException("scheduled events", problems);
        }
        return events;
    }

    private static List<ScheduledEvent> events(JsonNode node, String at, String calendarId,
                                               BiConsumer<String, String> p) {
        List<ScheduledEvent> out = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            p.accept(at, "must be a non-empty list of scheduled events");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String eAt = at + "[" + i + "]";
            if (!e.isObject()) {
                p.accept(eAt, "must be an object with description, start_time and end_time");
                continue;
            }
            int before = out.size();
            int[] problems = {0};
            BiConsumer<String, String> counted = (f, r) -> {
                problems[0]++;
                p.accept(f, r);
            };
            known(e, eAt + ".", EVENT, counted);
            String own = text(e, CALENDAR_ID, eAt + "." + CALENDAR_ID, counted);
            if (own != null && calendarId != null && !own.equals(calendarId)) {
                counted.accept(eAt + "." + CALENDAR_ID, "is '" + own + "' but the events are posted to calendar '"
                        + calendarId + "'");
            }
            String description = text(e, DESCRIPTION, eAt + "." + DESCRIPTION, counted);
            if (description == null) {
                counted.accept(eAt + "." + DESCRIPTION, "must be set");
            }
            Long start = time(e, START_TIME, eAt + "." + START_TIME, counted);
            Long end = time(e, END_TIME, eAt + "." + END_TIME, counted);
            if (start != null && end != null && end <= start) {
                counted.accept(eAt + "." + END_TIME, "must be after start_time");
            }
            boolean skipResult = bool(e, SKIP_RESULT, eAt, counted);
            boolean skipModelUpdate = bool(e, SKIP_MODEL_UPDATE, eAt, counted);
            Integer shift = null;
            JsonNode s = e.get(FORCE_TIME_SHIFT);
            if (s != null && !s.isNull()) {
                if (s.canConvertToInt() && s.isIntegralNumber()) {
                    shift = s.asInt();
                } else {
                    counted.accept(eAt + "." + FORCE_TIME_SHIFT, "must be a whole number of seconds; was " + s);
                }
            }
            if (problems[0] == 0 && out.size() == before) {
                out.add(new ScheduledEvent(calendarId, text(e, EVENT_ID, eAt, counted), description, start, end,
                        skipResult, skipModelUpdate, shift));
            }
        }
        return out;
    }

    /** Elastic's defaults: a scheduled event skips both results and model updates. */
    private static boolean bool(JsonNode e, String name, String at, BiConsumer<String, String> p) {
        JsonNode v = e.get(name);
        if (v == null || v.isNull()) {
            return true;
        }
        if (!v.isBoolean()) {
            p.accept(at + "." + name, "must be true or false; was " + v);
            return true;
        }
        return v.asBoolean();
    }

    private static Long time(JsonNode e, String name, String at, BiConsumer<String, String> p) {
        JsonNode v = e.get(name);
        if (v == null || v.isNull()) {
            p.accept(at, "must be set (epoch milliseconds or ISO-8601)");
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            String t = v.asText();
            try {
                return t.chars().allMatch(Character::isDigit) ? Long.parseLong(t) : parseIso(t).toEpochMilli();
            } catch (DateTimeParseException | NumberFormatException x) {
                p.accept(at, "'" + t + "' is neither epoch milliseconds nor an ISO-8601 time");
                return null;
            }
        }
        p.accept(at, "must be epoch milliseconds or an ISO-8601 time; was " + v);
        return null;
    }

    private static Instant parseIso(String t) {
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(t).toInstant();
        }
    }

    private static String text(JsonNode node, String name, String at, BiConsumer<String, String> p) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            p.accept(at, "must be a string; was " + v);
            return null;
        }
        return v.asText();
    }

    private static void known(JsonNode node, String prefix, Set<String> names, BiConsumer<String, String> p) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                p.accept(prefix + name, "unknown field" + org.auditml.engine.job.JobParser.didYouMean(name, names));
            }
        }
    }
}

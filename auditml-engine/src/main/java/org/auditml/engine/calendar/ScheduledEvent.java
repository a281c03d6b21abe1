package org.auditml.engine.calendar;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Elastic's scheduled event of a calendar: from {@code start_time} (inclusive) to {@code end_time} (exclusive), the
 * calendar's jobs skip results and model updates (each can be switched off, as Elastic's newer events allow).
 * As Elastic does, the span is widened to whole buckets: a bucket is in the event when it starts at or after the
 * start rounded down to the bucket span and before the end rounded up.
 *
 * @param forceTimeShift seconds Elastic shifts its models' clock by at the event's start (daylight saving); kept as
 *                       given, not applied by auditml's models
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduledEvent(@JsonProperty(CalendarFields.CALENDAR_ID) String calendarId,
                             @JsonProperty(CalendarFields.EVENT_ID) String eventId,
                             @JsonProperty(CalendarFields.DESCRIPTION) String description,
                             @JsonProperty(CalendarFields.START_TIME) long startTimeMillis,
                             @JsonProperty(CalendarFields.END_TIME) long endTimeMillis,
                             @JsonProperty(CalendarFields.SKIP_RESULT) boolean skipResult,
                             @JsonProperty(CalendarFields.SKIP_MODEL_UPDATE) boolean skipModelUpdate,
                             @JsonProperty(CalendarFields.FORCE_TIME_SHIFT) Integer forceTimeShift) {

    public ScheduledEvent {
        Objects.requireNonNull(description, "description");
        if (endTimeMillis <= startTimeMillis) {
            throw new IllegalArgumentException("end_time must be after start_time");
        }
    }

    /** The same event in a calendar, under an id (given when it is stored). */
    public ScheduledEvent in(String newCalendarId, String newEventId) {
        return new ScheduledEvent(newCalendarId, newEventId, description, startTimeMillis, endTimeMillis, skipResult,
                skipModelUpdate, forceTimeShift);
    }

    /** Whether the bucket of {@code spanMillis} starting at {@code bucketStart} is in the event. */
    @JsonIgnore
    public boolean covers(long bucketStart, long spanMillis) {
        long from = Math.floorDiv(startTimeMillis, spanMillis) * spanMillis;
        long to = Math.floorDiv(endTimeMillis + spanMillis - 1, spanMillis) * spanMillis;
        return bucketStart >= from && bucketStart < to;
    }

    /** Whether any of [start, end) overlaps the event. */
    public boolean overlaps(long start, long end) {
        return startTimeMillis < end && endTimeMillis > start;
    }
}

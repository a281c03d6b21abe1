package org.auditml.engine.calendar;

/** The JSON names of calendars and scheduled events, as Elastic spells them. */
public final class CalendarFields {
    public static final String CALENDAR_ID = "calendar_id";
    public static final String JOB_IDS = "job_ids";
    public static final String DESCRIPTION = "description";
    public static final String EVENTS = "events";
    public static final String EVENT_ID = "event_id";
    public static final String START_TIME = "start_time";
    public static final String END_TIME = "end_time";
    public static final String SKIP_RESULT = "skip_result";
    public static final String SKIP_MODEL_UPDATE = "skip_model_update";
    public static final String FORCE_TIME_SHIFT = "force_time_shift";

    private CalendarFields() {
    }
}

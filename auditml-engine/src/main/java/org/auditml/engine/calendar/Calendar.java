package org.auditml.engine.calendar;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Elastic's calendar: an id, the jobs it applies to (job ids or job groups; {@code _all} for every job) and a
 * description. Its scheduled events are kept apart, as Elastic keeps them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Calendar(@JsonProperty(CalendarFields.CALENDAR_ID) String calendarId,
                       @JsonProperty(CalendarFields.JOB_IDS) List<String> jobIds,
                       @JsonProperty(CalendarFields.DESCRIPTION) String description) {
    /** Kibana's global calendar: the job id that stands for every job. */
    public static final String ALL_JOBS = "_all";

    public Calendar {
        Objects.requireNonNull(calendarId, "calendarId");
        jobIds = jobIds == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(jobIds));
    }

    /** Whether the calendar applies to a job of this id and groups. */
    public boolean appliesTo(String jobId, Collection<String> groups) {
        return jobIds.contains(ALL_JOBS) || jobIds.contains(jobId) || groups.stream().anyMatch(jobIds::contains);
    }

    public Calendar withJobs(List<String> newJobIds) {
        return new Calendar(calendarId, newJobIds, description);
    }
}

package org.auditml.service;

import org.auditml.engine.calendar.Calendar;
import org.auditml.engine.calendar.ScheduledEvent;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.rule.DetectionRule;
import org.auditml.engine.rule.Filter;
import org.auditml.engine.rule.RuleScope;
import org.auditml.engine.series.JobRules;
import org.auditml.store.AuditStore;
import org.auditml.store.RuleTables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A store's filters and calendars with Elastic's checks: a filter a job's rules use cannot be deleted, a calendar
 * names known jobs or groups, an item or job removed must be there. And what a job running on the store applies:
 * its rules with their filters, and the scheduled events of its calendars ({@link #rulesFor}).
 */
final class Rulebook {
    private final AuditStore store;
    private final RuleTables tables;

    Rulebook(AuditStore store) {
        this.store = store;
        this.tables = store.rules();
    }

    Filter putFilter(Filter filter) {
        if (tables.filter(filter.filterId()).isPresent()) {
            throw RequestException.exists("A filter with id [" + filter.filterId() + "] already exists");
        }
        tables.putFilter(filter);
        return filter;
    }

    /** Puts a filter, or replaces one of the same id (a file given on the command line is its truth). */
    Filter replaceFilter(Filter filter) {
        tables.putFilter(filter);
        return filter;
    }

    Optional<Filter> filter(String id) {
        return tables.filter(id);
    }

    List<Filter> filters() {
        return tables.filters();
    }

    Filter updateFilter(String id, String description, List<String> add, List<String> remove) {
        Filter filter = existingFilter(id);
        for (String item : remove == null ? List.<String>of() : remove) {
            if (!filter.items().contains(item)) {
                throw new RequestException("Cannot remove item [" + item + "] as it is not present in filter [" + id
                        + "]");
            }
        }
        Filter updated = filter.updated(description, add, remove);
        if (updated.items().size() > Filter.MAX_ITEMS) {
            throw new RequestException("filter [" + id + "] would hold " + updated.items().size()
                    + " items; a filter holds at most " + Filter.MAX_ITEMS);
        }
        tables.putFilter(updated);
        return updated;
    }

    void deleteFilter(String id) {
        existingFilter(id);
        List<String> users = new ArrayList<>();
        for (Job job : jobs()) {
            if (filterIds(job).contains(id)) {
                users.add(job.jobId());
            }
        }
        if (!users.isEmpty()) {
            throw RequestException.conflict("Cannot delete filter [" + id + "] currently used by jobs " + users);
        }
        tables.deleteFilter(id);
    }

    private Filter existingFilter(String id) {
        return tables.filter(id).orElseThrow(() -> RequestException.notFound("No filter with id [" + id + "] exists"));
    }

    /** Refuses a job whose rules name a filter the store lacks, naming the detector and the rule. */
    void checkFilters(Job job) {
        Set<String> known = new TreeSet<>();
        tables.filters().forEach(f -> known.add(f.filterId()));
        JobParser.checkFilters(job, known);
    }

    Calendar putCalendar(Calendar calendar) {
        if (tables.calendar(calendar.calendarId()).isPresent()) {
            throw RequestException.exists("A calendar with id [" + calendar.calendarId() + "] already exists");
        }
        checkJobs(calendar.jobIds());
        tables.putCalendar(calendar);
        return calendar;
    }

    /** Puts a calendar with exactly these events, replacing one of the same id and its events. */
    Calendar replaceCalendar(Calendar calendar, List<ScheduledEvent> events) {
        checkJobs(calendar.jobIds());
        tables.replaceCalendar(calendar, withIds(calendar.calendarId(), events));
        return calendar;
    }

    Optional<Calendar> calendar(String id) {
        return tables.calendar(id);
    }

    List<Calendar> calendars() {
        return tables.calendars();
    }

    void deleteCalendar(String id) {
        existingCalendar(id);
        tables.deleteCalendar(id);
    }

    /** Adds jobs or groups ({@code jobId} may list several, comma-separated, as Elastic's path does). */
    Calendar addCalendarJob(String calendarId, String jobId) {
        Calendar calendar = existingCalendar(calendarId);
        List<String> ids = split(jobId);
        checkJobs(ids);
        List<String> jobs = new ArrayList<>(calendar.jobIds());
        ids.stream().filter(id -> !jobs.contains(id)).forEach(jobs::add);
        Calendar updated = calendar.withJobs(jobs);
        tables.putCalendar(updated);
        return updated;
    }

    Calendar removeCalendarJob(String calendarId, String jobId) {
        Calendar calendar = existingCalendar(calendarId);
        List<String> jobs = new ArrayList<>(calendar.jobIds());
        for (String id : split(jobId)) {
            if (!jobs.remove(id)) {
                throw RequestException.notFound("Cannot remove [" + id + "] as it is not present in calendar ["
                        + calendarId + "]");
            }
        }
        Calendar updated = calendar.withJobs(jobs);
        tables.putCalendar(updated);
        return updated;
    }

    List<ScheduledEvent> postCalendarEvents(String calendarId, List<ScheduledEvent> events) {
        existingCalendar(calendarId);
        if (events.isEmpty()) {
            throw new RequestException("At least 1 event is required");
        }
        for (ScheduledEvent e : events) {
            if (e.calendarId() != null && !e.calendarId().equals(calendarId)) {
                throw new RequestException("Event calendar_id [" + e.calendarId() + "] does not match calendar ["
                        + calendarId + "]");
            }
        }
        List<ScheduledEvent> stored = withIds(calendarId, events);
        tables.putEvents(stored);
        return stored;
    }

    /**
     * The events of a calendar ({@code _all} or {@code *}: of every calendar) that overlap [start, end) (null:
     * unbounded), of calendars that apply to {@code jobId} when given.
     */
    List<ScheduledEvent> calendarEvents(String calendarId, Long start, Long end, String jobId) {
        boolean all = calendarId == null || Calendar.ALL_JOBS.equals(calendarId) || "*".equals(calendarId);
        if (!all) {
            existingCalendar(calendarId);
        }
        Set<String> calendarsOfJob = null;
        if (jobId != null) {
            Job job = jobs().stream().filter(j -> j.jobId().equals(jobId)).findFirst()
                    .orElseThrow(() -> RequestException.notFound("No known job with id '" + jobId + "'"));
            calendarsOfJob = new TreeSet<>();
            for (Calendar c : tables.calendars()) {
                if (c.appliesTo(job.jobId(), job.groups())) {
                    calendarsOfJob.add(c.calendarId());
                }
            }
        }
        List<ScheduledEvent> out = new ArrayList<>();
        for (ScheduledEvent e : tables.events(all ? null : calendarId)) {
            if ((calendarsOfJob == null || calendarsOfJob.contains(e.calendarId()))
                    && e.overlaps(start == null ? Long.MIN_VALUE : start, end == null ? Long.MAX_VALUE : end)) {
                out.add(e);
            }
        }
        return out;
    }

    void deleteCalendarEvent(String calendarId, String eventId) {
        existingCalendar(calendarId);
        ScheduledEvent e = tables.event(eventId).orElseThrow(() -> RequestException.notFound("No event with id ["
                + eventId + "]"));
        if (!e.calendarId().equals(calendarId)) {
            throw new RequestException("Calendar id [" + calendarId + "] must match the event's calendar id ["
                    + e.calendarId() + "]");
        }
        tables.deleteEvent(eventId);
    }

    /** What a job applies as it runs: its rules with their filters, and its calendars' scheduled events. */
    JobRules rulesFor(Job job) {
        Map<String, Filter> filters = new LinkedHashMap<>();
        for (String id : filterIds(job)) {
            tables.filter(id).ifPresent(f -> filters.put(id, f));
        }
        List<ScheduledEvent> events = new ArrayList<>();
        for (Calendar c : tables.calendars()) {
            if (c.appliesTo(job.jobId(), job.groups())) {
                events.addAll(tables.events(c.calendarId()));
            }
        }
        return JobRules.of(job, filters, events);
    }

    private Calendar existingCalendar(String id) {
        return tables.calendar(id).orElseThrow(() -> RequestException.notFound("No calendar with id [" + id + "]"));
    }

    /** Job ids and groups must be known (or {@code _all}), as Elastic checks them. */
    private void checkJobs(Collection<String> ids) {
        Set<String> known = new TreeSet<>();
        known.add(Calendar.ALL_JOBS);
        for (Job job : jobs()) {
            known.add(job.jobId());
            known.addAll(job.groups());
        }
        for (String id : ids) {
            if (!known.contains(id)) {
                throw RequestException.notFound("No known job with id '" + id + "'; put the job first, or name one of "
                        + "its groups");
            }
        }
    }

    private List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (String id : store.jobIds()) {
            store.catalog().jobConfig(id).ifPresent(json -> jobs.add(JobParser.parse(json, id)));
        }
        return jobs;
    }

    private static Set<String> filterIds(Job job) {
        Set<String> ids = new TreeSet<>();
        job.analysisConfig().detectors().forEach(d -> {
            for (DetectionRule r : d.customRules()) {
                r.scope().values().stream().map(RuleScope::filterId).forEach(ids::add);
            }
        });
        return ids;
    }

    private static List<ScheduledEvent> withIds(String calendarId, List<ScheduledEvent> events) {
        List<ScheduledEvent> out = new ArrayList<>();
        for (ScheduledEvent e : events) {
            out.add(e.in(calendarId, e.eventId() != null ? e.eventId() : UUID.randomUUID().toString()));
        }
        return out;
    }

    private static List<String> split(String ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                out.add(id.trim());
            }
        }
        return out;
    }
}

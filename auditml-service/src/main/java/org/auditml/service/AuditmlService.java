package org.auditml.service;

import org.auditml.audit.AuditEventView;
import org.auditml.audit.AuditModules;
import org.auditml.engine.calendar.Calendar;
import org.auditml.engine.calendar.ScheduledEvent;
import org.auditml.engine.datafeed.Datafeed;
import org.auditml.engine.datafeed.DatafeedParser;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.module.JobDocument;
import org.auditml.engine.module.Module;
import org.auditml.engine.module.ModuleRecognizer;
import org.auditml.engine.result.Result;
import org.auditml.engine.rule.Filter;
import org.auditml.store.AuditStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * auditml's workflow over one store, as every face runs it (the command line now; the HTTP API, the Beats server and
 * the file follower later): the modules and their recognition in the stored events, jobs and datafeeds, ingesting
 * audit logs while jobs run on them, running jobs over the stored events, and reading the results back. Requests the
 * service cannot honour are refused with a {@link RequestException} (or, for a bad job or datafeed, a
 * {@link org.auditml.engine.job.ConfigException} naming the field) before anything is written. One caller at a time.
 */
public final class AuditmlService implements AutoCloseable {
    private final AuditStore store;

    private AuditmlService(AuditStore store) {
        this.store = store;
    }

    /** Opens (or creates) the store in {@code file}. */
    public static AuditmlService open(Path file) {
        return new AuditmlService(AuditStore.open(file));
    }

    /**
     * Opens a store that must exist already, only to read what earlier runs stored: the file may be read-only, and
     * other readers may have it open too (a store being written is refused as busy, with the writing process).
     */
    public static AuditmlService openToRead(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RequestException("no store at " + file + "; analyse some audit logs into it first, or give --db");
        }
        return new AuditmlService(AuditStore.openReadOnly(file));
    }

    /** The built-in modules, sorted by id. */
    public static List<Module> modules() {
        return AuditModules.builtIn();
    }

    /** A built-in module; refused with the way to list them when there is none of that id. */
    public static Module module(String id) {
        return AuditModules.byId(id).orElseThrow(() -> new RequestException("no module '" + id
                + "'; 'auditml modules' lists them"));
    }

    /**
     * A job of one's own in Elastic's JSON, with its datafeed (null: every event). The job's id is {@code jobId} when
     * given, else the JSON's {@code job_id}. Refused with the field and the reason when either is wrong.
     */
    public static Module.SetUpJob job(String jobJson, String jobId, String datafeedJson) {
        Job job = JobParser.parse(jobJson, jobId);
        Datafeed datafeed = datafeedJson == null ? Datafeed.matchAll(job.jobId())
                : DatafeedParser.parse(datafeedJson, job.jobId());
        return new Module.SetUpJob(job, datafeed);
    }

    /** The path of the store. */
    public Path storeFile() {
        return store.file();
    }

    /** The events the store holds. */
    public long eventCount() {
        return store.eventCount();
    }

    /** Which built-in modules the stored events match (Kibana's "recognize"), and how many events were looked at. */
    public record Recognition(List<Module> modules, long eventsRead) {
    }

    public Recognition recognise() {
        ModuleRecognizer recognizer = new ModuleRecognizer(modules());
        long[] read = {0};
        store.scanEvents(e -> {
            read[0]++;
            recognizer.accept(new AuditEventView(e));
            return !recognizer.done();
        });
        return new Recognition(recognizer.recognised(), read[0]);
    }

    /** Sets up a module's jobs (ids {@code prefix + job id}) in the store, to run on the next ingest or from the store. */
    public List<Module.SetUpJob> setUpModule(String id, String prefix) {
        List<Module.SetUpJob> jobs = module(id).setUp(prefix);
        jobs.forEach(this::putJob);
        return jobs;
    }

    /** Saves a job and its datafeed in the store; refused when its rules name a filter the store lacks. */
    public void putJob(Module.SetUpJob job) {
        rulebook().checkFilters(job.job());
        store.putJob(job.job(), job.datafeed().toJson());
    }

    /**
     * The jobs of a job file as Elastic users have them (a job, a module file's {@code {"job": …}} wrapper, Kibana's
     * export array), each with its datafeed: the file's own, else {@code datafeedJson} (null: every event). A lone
     * job without {@code job_id} takes {@code fallbackId}. The notes say what of the file was ignored.
     */
    public static JobFile jobFile(String json, String fallbackId, String datafeedJson) {
        return jobFile(json, fallbackId, datafeedJson, "");
    }

    /** The jobs of a job file (see {@link #jobFile(String, String, String)}), each id with {@code prefix} before it. */
    public static JobFile jobFile(String json, String fallbackId, String datafeedJson, String prefix) {
        List<Module.SetUpJob> jobs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (JobDocument.Loaded l : JobDocument.read(json, fallbackId)) {
            if (l.datafeed() != null && datafeedJson != null) {
                throw new RequestException("job [" + l.job().jobId() + "] has a datafeed in its file and another "
                        + "was given for it; keep one of them");
            }
            Module.SetUpJob setUp = l.setUp(datafeedJson);
            if (prefix != null && !prefix.isEmpty()) {
                String id = prefix + setUp.job().jobId();
                setUp = new Module.SetUpJob(setUp.job().withId(id), setUp.datafeed().forJob(id));
            }
            jobs.add(setUp);
            notes.addAll(l.notes());
        }
        return new JobFile(jobs, notes);
    }

    /** The jobs of a file, and what the reader should hear (read-only fields ignored). */
    public record JobFile(List<Module.SetUpJob> jobs, List<String> notes) {
        public JobFile {
            jobs = List.copyOf(jobs);
            notes = List.copyOf(notes);
        }
    }

    // Filters and calendars, as Elastic's _ml/filters and _ml/calendars APIs keep them.

    private Rulebook rulebook() {
        return new Rulebook(store);
    }

    /** Creates a filter; refused ({@link AlreadyExistsException}) when one of its id exists. */
    public Filter putFilter(Filter filter) {
        return rulebook().putFilter(filter);
    }

    /** Creates a filter or replaces one of its id (the command line's {@code --filter FILE}). */
    public Filter replaceFilter(Filter filter) {
        return rulebook().replaceFilter(filter);
    }

    public Optional<Filter> filter(String id) {
        return rulebook().filter(id);
    }

    /** Every filter, by id. */
    public List<Filter> filters() {
        return rulebook().filters();
    }

    /**
     * Changes a filter's description (when not null) and items; removing an item it lacks is refused, as Elastic
     * refuses it. {@link NotFoundException} when there is no such filter.
     */
    public Filter updateFilter(String id, String description, List<String> addItems, List<String> removeItems) {
        return rulebook().updateFilter(id, description, addItems, removeItems);
    }

    /** Deletes a filter; {@link ConflictException} while a job's rules use it. */
    public void deleteFilter(String id) {
        rulebook().deleteFilter(id);
    }

    /** Creates a calendar of known jobs or groups; {@link AlreadyExistsException} when one of its id exists. */
    public Calendar putCalendar(Calendar calendar) {
        return rulebook().putCalendar(calendar);
    }

    /** Creates a calendar with exactly these events, or replaces one of its id and its events. */
    public Calendar replaceCalendar(Calendar calendar, List<ScheduledEvent> events) {
        return rulebook().replaceCalendar(calendar, events);
    }

    public Optional<Calendar> calendar(String id) {
        return rulebook().calendar(id);
    }

    /** Every calendar, by id. */
    public List<Calendar> calendars() {
        return rulebook().calendars();
    }

    /** Deletes a calendar and its events. */
    public void deleteCalendar(String id) {
        rulebook().deleteCalendar(id);
    }

    /** Adds a job or group (or several, comma-separated) to a calendar; returns the calendar. */
    public Calendar addCalendarJob(String calendarId, String jobId) {
        return rulebook().addCalendarJob(calendarId, jobId);
    }

    /** Removes a job or group (or several, comma-separated) from a calendar; returns the calendar. */
    public Calendar removeCalendarJob(String calendarId, String jobId) {
        return rulebook().removeCalendarJob(calendarId, jobId);
    }

    /** Adds scheduled events to a calendar; returns them with their calendar and event ids. */
    public List<ScheduledEvent> postCalendarEvents(String calendarId, List<ScheduledEvent> events) {
        return rulebook().postCalendarEvents(calendarId, events);
    }

    /**
     * The scheduled events of a calendar ({@code _all}: of all) overlapping [start, end) (null: unbounded), only of
     * the calendars of {@code jobId} when it is given.
     */
    public List<ScheduledEvent> calendarEvents(String calendarId, Instant start, Instant end, String jobId) {
        return rulebook().calendarEvents(calendarId, start == null ? null : start.toEpochMilli(),
                end == null ? null : end.toEpochMilli(), jobId);
    }

    public void deleteCalendarEvent(String calendarId, String eventId) {
        rulebook().deleteCalendarEvent(calendarId, eventId);
    }

    /** The ids of the jobs saved in the store. */
    public List<String> jobIds() {
        return store.jobIds();
    }

    /**
     * Ingests the request's sources, each event once, while the jobs (the request's, or the modules the data matches)
     * run on them; jobs that cannot run on the events as read run from the store after. Every job goes on from its
     * saved state, so analysing next week's logs after this week's continues the same models.
     */
    public AnalysisReport analyze(AnalysisRequest request, IngestListener listener) {
        List<Module> named = request.modules().stream().map(AuditmlService::module).toList();
        for (Path source : request.sources()) {
            if (!"-".equals(source.toString()) && !Files.exists(source)) {
                throw new RequestException("no such file or directory: " + source);
            }
        }
        Rulebook rules = rulebook();
        request.jobs().forEach(j -> rules.checkFilters(j.job())); // every job's, before any is stored
        return new AnalysisRun(store, request, named).run(listener);
    }

    /** Runs jobs over the stored events in [start, end) (null: unbounded), each going on from its saved state. */
    public List<Result> runFromStore(List<Module.SetUpJob> jobs, Instant start, Instant end) {
        return new StoredAnalysis(store).run(jobs, start == null ? Long.MIN_VALUE + 1 : start.toEpochMilli(),
                end == null ? Long.MAX_VALUE : end.toEpochMilli());
    }

    /** The stored result documents the query selects, as JSON, in job, time and id order. */
    public void results(ResultQuery query, Consumer<String> documents) {
        if (query.jobId() != null && !store.jobIds().contains(query.jobId())) {
            throw new RequestException("no job '" + query.jobId() + "' in " + store.file() + "; its jobs: "
                    + String.join(", ", store.jobIds()));
        }
        store.forEachResult(query.jobId(), query.resultType(), query.minScore(), documents);
    }

    /** The stored result documents the query selects, as a list (see {@link #results(ResultQuery, Consumer)}). */
    public List<String> results(ResultQuery query) {
        List<String> docs = new ArrayList<>();
        results(query, docs::add);
        return docs;
    }

    @Override
    public void close() {
        store.close();
    }

    /** The datafeed saved with a job, as Elastic's JSON. */
    public Optional<String> datafeed(String jobId) {
        return store.datafeed(jobId);
    }
}

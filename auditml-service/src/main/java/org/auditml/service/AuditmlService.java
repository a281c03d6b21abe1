package org.auditml.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.auditml.engine.module.CoverageFinding;
import org.auditml.engine.module.DatafeedCoverage;
import org.auditml.engine.module.ModuleException;
import org.auditml.engine.module.ModuleFolder;
import org.auditml.engine.module.ModuleRecognizer;
import org.auditml.engine.result.Result;
import org.auditml.engine.result.ResultDocumentReader;
import org.auditml.engine.rule.Filter;
import org.auditml.read.AuditEvent;
import org.auditml.service.alert.Alerts;
import org.auditml.read.accounts.HostAccounts;
import org.auditml.service.follow.FileFollower;
import org.auditml.service.follow.FollowStore;
import org.auditml.service.follow.FollowedFile;
import org.auditml.store.AuditStore;
import org.auditml.store.FilePosition;
import org.auditml.store.IngestLoss;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * auditml's workflow over one store, as every face runs it (the command line, the HTTP API, the Beats server and
 * the file follower): the modules and their recognition in the stored events, jobs and datafeeds, ingesting
 * audit logs while jobs run on them, running jobs over the stored events, and reading the results back. Requests the
 * service cannot honour are refused with a {@link RequestException} (or, for a bad job or datafeed, a
 * {@link org.auditml.engine.job.ConfigException} naming the field) before anything is written. One caller at a time.
 */
public final class AuditmlService implements AutoCloseable {
    private final AuditStore store;
    private final MlJobs mlJobs;
    private final MlDatafeeds mlDatafeeds;
    private final MlResults mlResults;
    private final MlSnapshots mlSnapshots;
    private final ProcessLineage processLineage;
    private final EventSearch events;
    private final ModuleSetup moduleSetup;
    private final Ingests ingests;
    private final HostHealth hostHealth;
    private final Alerts alerts;
    private volatile FileFollower follower;
    private volatile boolean closed;

    /** auditml's version, as its API and command line tell it. */
    public static final String VERSION = "0.1.0";

    private AuditmlService(AuditStore store, Clock clock) {
        this.store = store;
        this.mlJobs = new MlJobs(this, store, clock);
        this.alerts = new Alerts(store, this, clock);
        this.mlDatafeeds = new MlDatafeeds(store, mlJobs, clock, alerts);
        this.mlResults = new MlResults(store, mlJobs);
        this.mlSnapshots = new MlSnapshots(this, store, mlJobs);
        this.processLineage = new ProcessLineage(store);
        this.events = new EventSearch(store);
        this.moduleSetup = new ModuleSetup(this);
        this.ingests = new Ingests(this);
        this.hostHealth = new HostHealth(store, Clock.systemUTC());
    }

    /** The stored events: search, count, histogram, an event's original. */
    public EventSearch events() {
        return events;
    }

    /** Modules listed, recognised and set up as the UI does it. */
    public ModuleSetup moduleSetup() {
        return moduleSetup;
    }

    /** Uploads ingested in the background; thread-safe (see {@link Ingests}). */
    public Ingests ingests() {
        return ingests;
    }

    /** Per-host figures: events, first and last, what the reads reported lost. */
    public HostHealth hostHealth() {
        return hostHealth;
    }

    /** Alerts of real-time jobs' anomalies: their rules and sinks, delivery, what was sent. */
    public Alerts alerts() {
        return alerts;
    }

    /** Jobs as Elastic's anomaly-detection API handles them. */
    public MlJobs mlJobs() {
        return mlJobs;
    }

    /** Datafeeds as Elastic's API handles them. */
    public MlDatafeeds mlDatafeeds() {
        return mlDatafeeds;
    }

    /** The results API: buckets, records, influencers, overall buckets. */
    public MlResults mlResults() {
        return mlResults;
    }

    /** Model snapshots as Elastic's API shows them. */
    public MlSnapshots mlSnapshots() {
        return mlSnapshots;
    }

    /** Elastic's model_size_stats of a job, from its snapshot. */
    ObjectNode modelSizeStats(String jobId) {
        return MlJobs.JSON.valueToTree(ResumedJob.modelSizeStats(store, mlJobs.job(jobId)));
    }

    /** Process lineage from the stored events: who started a process and what it started. */
    public ProcessLineage processLineage() {
        return processLineage;
    }

    /**
     * Stores events already read (a Beat's batch, say) under {@code source}, each once however often it is sent;
     * returns how many there were and how many were new. Holds the service's lock while it writes.
     */
    public AuditStore.Ingest ingestEvents(String source, List<AuditEvent> batch) {
        return ingestEvents(source, batch, IngestLoss.NONE);
    }

    /** As {@link #ingestEvents(String, List)}, committing what was lost with the batch (events rejected) with it. */
    public AuditStore.Ingest ingestEvents(String source, List<AuditEvent> batch, IngestLoss loss) {
        synchronized (this) {
            return store.ingest(source, batch, loss);
        }
    }

    /**
     * Follows growing raw audit logs into the store while the service runs ({@code serve --follow}): each path is a
     * log file (it may not exist yet), read through rotation and restarts, its events stored with its position (see
     * {@link FileFollower}); records without {@code node=} are of {@code defaultHost}, named by this machine's
     * {@code /etc/passwd} and {@code /etc/group}. Refused for a directory.
     */
    public synchronized void follow(List<Path> paths, String defaultHost, Consumer<String> log) {
        if (follower != null) {
            throw new RequestException("the service already follows " + follower.files().stream()
                    .map(FollowedFile::path).toList());
        }
        checkFollow(paths);
        follower = FileFollower.start(new FollowStore() {
            @Override
            public Optional<FilePosition> position(String path) {
                synchronized (AuditmlService.this) {
                    open();
                    return store.filePositions().of(path);
                }
            }

            @Override
            public void store(List<AuditEvent> events, FilePosition position) {
                synchronized (AuditmlService.this) {
                    open();
                    store.ingest(position.path(), events, position);
                }
            }

            @Override
            public void recordMalformed(String host, String path, long malformedLines) {
                synchronized (AuditmlService.this) {
                    open();
                    store.readLoss().put(host, path, 0, 0, malformedLines);
                }
            }

            /** The follower may get the lock after the service was closed under it. */
            private void open() {
                if (closed) {
                    throw new IllegalStateException("the store is closed");
                }
            }
        }, paths, defaultHost, HostAccounts.builder().thisMachine(defaultHost).build(), log);
    }

    /** Refuses what cannot be followed (a directory), before the store is opened. */
    public static void checkFollow(List<Path> paths) {
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                throw new RequestException("--follow " + p + " is a directory; give the log file, e.g. "
                        + p.resolve("audit.log"));
            }
        }
    }

    /** The followed logs: each path's file, how far it is stored, its events and malformed lines. */
    public List<FollowedFile> followedFiles() {
        FileFollower f = follower;
        return f == null ? List.of() : f.files();
    }

    /** Opens (or creates) the store in {@code file}. */
    public static AuditmlService open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /** Opens (or creates) the store in {@code file}; real-time datafeeds and alerts go by {@code clock}. */
    public static AuditmlService open(Path file, Clock clock) {
        return new AuditmlService(AuditStore.open(file), clock);
    }

    /**
     * Opens a store that must exist already, only to read what earlier runs stored: the file may be read-only, and
     * other readers may have it open too (a store being written is refused as busy, with the writing process).
     */
    public static AuditmlService openToRead(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RequestException("no store at " + file + "; analyse some audit logs into it first, or give --db");
        }
        return new AuditmlService(AuditStore.openReadOnly(file), Clock.systemUTC());
    }

    /** The built-in modules with auditml's overlay, sorted by id. */
    public static List<Module> modules() {
        return AuditModules.builtIn();
    }

    /** The built-in modules, sorted by id, with auditml's overlay or as Kibana ships them. */
    public static List<Module> modules(boolean overlay) {
        return AuditModules.builtIn(overlay);
    }

    /** A built-in module with auditml's overlay; refused with the way to list them when there is none of that id. */
    public static Module module(String id) {
        return module(id, true);
    }

    /** A built-in module (an old id is taken for its new one); refused when there is none of that id. */
    public static Module module(String id, boolean overlay) {
        return AuditModules.byId(id, overlay).orElseThrow(() -> new RequestException("no module '" + id
                + "'; 'auditml modules' lists them"));
    }

    /** The note for a module named by an old id (null for a current id). */
    public static String aliasNote(String id) {
        return AuditModules.aliasOf(id).map(n -> "module '" + id + "' is now '" + n + "', Kibana's id; '" + id
                + "' is still accepted").orElse(null);
    }

    /**
     * The modules this store's runs can use, sorted by id: the built-in ones and the folders added to the store (an
     * added folder replaces a built-in module of its id). With the overlay, auditml's changes apply to every module
     * that has an overlay of its id.
     */
    public List<Module> allModules(boolean overlay) {
        Map<String, Module> byId = new TreeMap<>();
        modules(overlay).forEach(m -> byId.put(m.id(), m));
        store.modules().forEach((id, files) -> {
            ModuleFolder folder = ModuleFolder.read(files);
            byId.put(id, overlay ? AuditModules.withOverlay(folder) : Module.asShipped(folder));
        });
        return List.copyOf(byId.values());
    }

    /** A module of this store (built in or added); refused with the way to list them when there is none. */
    public Module moduleNamed(String id, boolean overlay) {
        String real = AuditModules.aliasOf(id).orElse(id);
        return allModules(overlay).stream().filter(m -> m.id().equals(real)).findFirst()
                .orElseThrow(() -> new RequestException("no module '" + id + "'; 'auditml modules' lists them"));
    }

    /**
     * Adds a module folder as Kibana writes it ({@code manifest.json}, {@code ml/*.json}) to the store, after checking
     * that its manifest query, jobs and datafeeds compile; its files are kept unchanged. Refused, naming the file and
     * field, before anything is written. Returns the module (as shipped).
     */
    public Module addModuleFolder(Path dir) {
        ModuleFolder folder;
        try {
            folder = ModuleFolder.read(dir);
            folder.validate();
        } catch (ModuleException e) {
            throw new RequestException("module folder " + dir + ": " + e.getMessage());
        }
        store.putModule(folder.id(), folder.files());
        return Module.asShipped(folder);
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

    /**
     * Which modules the stored events match (Kibana's "recognize"), how many events were looked at, and what the
     * modules' queries cannot match in them: a manifest query or datafeed whose clause names fields no event has, and
     * what the overlay does about it.
     */
    public record Recognition(List<Module> modules, long eventsRead, List<CoverageFinding> findings) {
        public Recognition {
            modules = List.copyOf(modules);
            findings = List.copyOf(findings);
        }

        /** The findings that are warnings, one line each. */
        public List<String> warnings() {
            return findings.stream().filter(CoverageFinding::warning).map(CoverageFinding::line).toList();
        }
    }

    public Recognition recognise() {
        return recognise(true);
    }

    /** Recognition with the modules as they would run: with auditml's overlay, or as shipped. */
    public Recognition recognise(boolean overlay) {
        List<Module> shipped = allModules(false);
        List<Module> withOverlay = allModules(true);
        ModuleRecognizer recognizer = new ModuleRecognizer(overlay ? withOverlay : shipped);
        List<DatafeedCoverage> shippedCoverage = shipped.stream().map(DatafeedCoverage::new).toList();
        List<DatafeedCoverage> overlaidCoverage = withOverlay.stream().map(DatafeedCoverage::new).toList();
        long[] read = {0};
        store.scanEvents(e -> {
            read[0]++;
            AuditEventView view = new AuditEventView(e);
            recognizer.accept(view);
            shippedCoverage.forEach(c -> c.accept(view));
            overlaidCoverage.forEach(c -> c.accept(view));
            return true;
        });
        List<CoverageFinding> findings = new ArrayList<>();
        for (int i = 0; i < shipped.size(); i++) {
            Module overlaid = withOverlay.get(i).overlay() == null ? null : withOverlay.get(i);
            DatafeedCoverage effective = overlay && overlaid != null ? overlaidCoverage.get(i) : shippedCoverage.get(i);
            findings.addAll(CoverageFinding.of(shipped.get(i).id(), shippedCoverage.get(i), effective, overlaid,
                    overlay ? null : overlaidCoverage.get(i)));
        }
        return new Recognition(recognizer.recognised(), read[0], findings);
    }

    /** Sets up a module's jobs (ids {@code prefix + job id}) in the store, to run on the next ingest or from the store. */
    public List<Module.SetUpJob> setUpModule(String id, String prefix) {
        List<Module.SetUpJob> jobs = moduleNamed(id, true).setUp(prefix);
        jobs.forEach(this::putJob);
        return jobs;
    }

    /** Saves a job and its datafeed in the store; refused when its rules name a filter the store lacks. */
    public void putJob(Module.SetUpJob job) {
        rulebook().checkFilters(job.job());
        store.putJob(job.job(), job.datafeed().toJson());
    }

    /**
     * Results another runner of the engine wrote (the Flink job's result documents), stored with their jobs so that
     * the API and the UI show them as their own; a document of an id already stored replaces it, so storing the same
     * documents again changes nothing. Every document is read before anything is written: a bad one is refused.
     */
    public void storeResults(List<Module.SetUpJob> jobs, List<String> documents) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            try {
                ResultDocumentReader.read(documents.get(i)).ifPresent(results::add);
            } catch (IllegalArgumentException e) {
                throw new RequestException("result document " + (i + 1) + ": " + e.getMessage());
            }
        }
        jobs.forEach(this::putJob);
        store.putResults(results);
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
            Module.SetUpJob job;
            try {
                job = l.setUp(datafeedJson);
            } catch (IllegalArgumentException e) {
                throw new RequestException(e.getMessage());
            }
            jobs.add(job.prefixed(prefix));
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

    /** Creates a filter; refused (already exists) when one of its id exists. */
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
     * refuses it. Not found when there is no such filter.
     */
    public Filter updateFilter(String id, String description, List<String> addItems, List<String> removeItems) {
        return rulebook().updateFilter(id, description, addItems, removeItems);
    }

    /** Deletes a filter; a conflict while a job's rules use it. */
    public void deleteFilter(String id) {
        rulebook().deleteFilter(id);
    }

    /** Creates a calendar of known jobs or groups, refused as already existing when one of its id exists. */
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
        List<Module> named = request.modules().stream().map(id -> moduleNamed(id, request.overlay())).toList();
        for (Path source : request.sources()) {
            if (!"-".equals(source.toString()) && !Files.exists(source)) {
                throw new RequestException("no such file or directory: " + source);
            }
        }
        Rulebook rules = rulebook();
        request.jobs().forEach(j -> rules.checkFilters(j.job())); // every job's, before any is stored
        List<Module> candidates = request.recognisesModules() ? allModules(request.overlay()) : List.of();
        Map<String, Module> overlaid = new TreeMap<>();
        if (!request.overlay()) {
            allModules(true).stream().filter(m -> m.overlay() != null).forEach(m -> overlaid.put(m.id(), m));
        }
        return new AnalysisRun(store, request, named, candidates, overlaid).run(listener);
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
        if (follower != null) {
            follower.close();
        }
        closed = true;
        ingests.close();
        store.close();
    }

    /** The datafeed saved with a job, as Elastic's JSON. */
    public Optional<String> datafeed(String jobId) {
        return store.datafeed(jobId);
    }
}

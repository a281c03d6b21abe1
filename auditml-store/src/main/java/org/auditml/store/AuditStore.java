package org.auditml.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.Result;
import org.auditml.engine.result.ResultFields;
import org.auditml.read.AuditEvent;
import org.auditml.read.accounts.HostAccounts;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Consumer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * auditml's DuckDB file: events (the normalised fields the jobs and the UI use as columns, and the text each event was read from, from which the rest is derived on read), jobs,
 * results, model snapshots and ingest bookkeeping. Ingesting the same events twice stores them once (identity: host,
 * serial, time). Not thread-safe: one store per thread of work; an {@link EventWriter} has a connection of its own.
 */
public final class AuditStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Module folders a user added: each as its files (path in the folder → text), unchanged, as one JSON object. */
    private static final String MODULES_TABLE = "CREATE TABLE IF NOT EXISTS modules (module_id VARCHAR PRIMARY KEY, "
            + "files VARCHAR NOT NULL)";
    private static final String[] SCHEMA = {
            EventRows.createTable(),
            TextBlocks.CREATE_TABLE,
            "CREATE TABLE IF NOT EXISTS ingests (source VARCHAR, events BIGINT, new_events BIGINT, ingested_at BIGINT)",
            "CREATE TABLE IF NOT EXISTS jobs (job_id VARCHAR PRIMARY KEY, config VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS datafeeds (datafeed_id VARCHAR PRIMARY KEY, job_id VARCHAR NOT NULL, "
                    + "config VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS results (id VARCHAR PRIMARY KEY, job_id VARCHAR NOT NULL, result_type VARCHAR "
                    + "NOT NULL, ts BIGINT NOT NULL, score DOUBLE, doc VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS snapshots (job_id VARCHAR PRIMARY KEY, watermark BIGINT NOT NULL, "
                    + "state VARCHAR NOT NULL)",
            JobCatalog.CREATE_TABLE,
            MODULES_TABLE,
            ReadLoss.CREATE_TABLE,
            LateEvents.CREATE_TABLE,
            AlertTable.SCHEMA[0],
            AlertTable.SCHEMA[1],
            JobCatalog.STARTED_TABLE,
            FilePositions.CREATE_TABLE,
            IngestLoss.CREATE_TABLE,
    };

    private final Connection connection;
    private final Path file;
    private final Path directory;
    /** The names raw events are read back with: the store keeps their lines, not the files that named their ids. */
    private volatile HostAccounts accounts = HostAccounts.none();

    private AuditStore(Connection connection, Path file, Path directory) {
        this.connection = connection;
        this.file = file;
        this.directory = directory;
    }

    /** The store's file. */
    public Path file() {
        return file;
    }

    /** Opens (or creates) the store in {@code file}, to read and write. */
    public static AuditStore open(Path file) {
        return open(file, false);
    }

    /**
     * Opens an existing store only to read it: the file may be read-only. DuckDB lets one process write a store, or
     * several read it; a store another process is writing is refused as busy, with that process.
     */
    public static AuditStore openReadOnly(Path file) {
        return open(file, true);
    }

    private static AuditStore open(Path file, boolean readOnly) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !readOnly) {
                Files.createDirectories(parent);
            }
            Properties settings = new Properties();
            if (readOnly) {
                settings.setProperty("access_mode", "READ_ONLY");
            }
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), settings);
            try (Statement s = c.createStatement()) {
                refuseOldLayout(s, file);
                if (!readOnly) {
                    for (String ddl : SCHEMA) {
                        s.execute(ddl);
                    }
                    for (String ddl : RuleTables.SCHEMA) {
                        s.execute(ddl);
                    }
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            Path directory = parent != null ? parent : Path.of(".");
            if (!readOnly) {
                EventWriter.removeLeftovers(directory);
            }
            return new AuditStore(c, file, directory);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("not a valid DuckDB database file")) {
                throw new StoreException(file + " is not a store (not a DuckDB database file); give the path of a "
                        + "store, or of one to make", e);
            }
            throw busy(file, e).orElseGet(() -> StoreException.of("opening the store " + file, file, e));
        } catch (IOException e) {
            throw new StoreException("cannot open the store " + file + ": " + e.getMessage(), e);
        }
    }

    private static final Pattern LOCK_HOLDER = Pattern.compile("Conflicting lock is held in (\\S+) \\(PID (\\d+)\\)");

    /** A store another process holds, said with that process. */
    private static Optional<StoreException> busy(Path file, SQLException e) {
        Matcher m = LOCK_HOLDER.matcher(String.valueOf(e.getMessage()));
        if (!m.find()) {
            return Optional.empty();
        }
        String program = Path.of(m.group(1)).getFileName().toString();
        return Optional.of(new StoreException("the store " + file + " is busy: process " + m.group(2) + " ("
                + program + ") is using it; wait for it to end, or give another --db", e));
    }

    /**
     * Stores of earlier layouts are not converted: the first kept whole event documents in events.doc, the second
     * the normalised fields as JSON in events.extra without the events' original text, the third that text as a
     * column (events.original) instead of compressed blocks.
     */
    private static void refuseOldLayout(Statement s, Path file) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE column_name = 'doc'), "
                + "count(*) FILTER (WHERE column_name = 'original'), count(*) FILTER (WHERE column_name = 'text_block'), "
                + "count(*) FROM information_schema.columns WHERE table_name = 'events'")) {
            rs.next();
            String layout = rs.getLong(1) > 0 ? "events.doc" : rs.getLong(2) > 0 ? "events.original"
                    : rs.getLong(4) > 0 && rs.getLong(3) == 0 ? "events without original" : null;
            if (layout != null) {
                throw new SQLException("it was written by an earlier auditml (" + layout + "); remove " + file
                        + " or choose another --db");
            }
        }
    }

    /** What one ingest did. */
    public record Ingest(long events, long newEvents) {
    }

    /**
     * A writer storing events on threads of its own (through chunk files beside the store); {@link
     * EventWriter#finish} says how many were new and records the ingest under {@code source}.
     */
    public EventWriter writer(String source) {
        return writer(source, EventWriter.CHUNK_EVENTS);
    }

    /** A writer inserting every {@code chunkEvents} events (tests use small chunks to cross chunk boundaries). */
    EventWriter writer(String source, int chunkEvents) {
        return writer(source, chunkEvents, null);
    }

    private EventWriter writer(String source, int chunkEvents, FilePosition position) {
        try {
            return new EventWriter(((DuckDBConnection) connection).duplicate(), file, directory, source, chunkEvents,
                    position);
        } catch (SQLException e) {
            throw new StoreException("cannot open a writer on the store: " + e.getMessage(), e);
        }
    }

    /** Stores events, each once; returns how many were new. */
    public Ingest ingest(String source, Iterable<AuditEvent> events) {
        return ingest(source, events, IngestLoss.NONE);
    }

    /** Stores events, each once, and what was lost with them, in the same transaction; returns how many were new. */
    public Ingest ingest(String source, Iterable<AuditEvent> events, IngestLoss loss) {
        try (EventWriter writer = writer(source)) {
            events.forEach(writer::accept);
            return writer.finish(loss);
        }
    }

    /** Most events {@link #ingest(String, List, FilePosition)} takes at once: they go in as one chunk. */
    public static final int MAX_POSITIONED_EVENTS = EventWriter.CHUNK_EVENTS - 1;

    /**
     * Stores a followed log's events, each once, and its position in one transaction: a store holds the position only
     * with every event before it. At most {@link #MAX_POSITIONED_EVENTS} events.
     */
    public Ingest ingest(String source, List<AuditEvent> events, FilePosition position) {
        if (events.size() > MAX_POSITIONED_EVENTS) {
            throw new IllegalArgumentException("at most " + MAX_POSITIONED_EVENTS + " events go in with a position, not "
                    + events.size());
        }
        try (EventWriter writer = writer(source, EventWriter.CHUNK_EVENTS, java.util.Objects.requireNonNull(position))) {
            events.forEach(writer::accept);
            return writer.finish();
        }
    }

    /** The stored positions of followed logs. */
    public FilePositions filePositions() {
        return new FilePositions(connection);
    }

    public long eventCount() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("count failed: " + e.getMessage(), e);
        }
    }

    /** How many blocks of original text are kept (for tests: no block is kept for nothing). */
    long textBlockCount() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM event_text")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("count failed: " + e.getMessage(), e);
        }
    }

    /** The time of the latest stored event, or {@link Long#MIN_VALUE} when there is none. */
    public long latestEventTime() {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(ts), -9223372036854775808) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("reading the latest event time failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads raw events back with these hosts' user and group names from now on (those of the run that reads them:
     * the passwd and group files it was given).
     */
    public void readNamesWith(HostAccounts hostAccounts) {
        this.accounts = java.util.Objects.requireNonNull(hostAccounts, "hostAccounts");
    }

    /** Events with {@code from < ts < to}, in time order (then host, serial), read back as they were stored. */
    public void forEachEvent(long fromExclusive, long toExclusive, Consumer<AuditEvent> sink) {
        readEvents("WHERE ts > ? AND ts < ?", new long[] {fromExclusive, toExclusive}, e -> {
            sink.accept(e);
            return true;
        });
    }

    /**
     * The events of {@code host} with a process id ({@code process.pid}) and {@code from <= ts < to}, in time order
     * (then serial), with their identity: what a process lineage is built from.
     */
    public void forEachProcessEvent(String host, long from, long to, Consumer<StoredEvent> sink) {
        readRows("WHERE host = ? AND ts >= ? AND ts < ? AND " + EventColumn.PID.column + " IS NOT NULL"
                + " ORDER BY ts, serial", new Object[] {host, from, to}, e -> {
                    sink.accept(e);
                    return true;
                });
    }

    /** Stored events in the store's order (time, host, serial) for as long as {@code sink} asks for more. */
    public void scanEvents(Predicate<AuditEvent> sink) {
        readEvents("", new long[0], sink);
    }

    private void readEvents(String where, long[] parameters, Predicate<AuditEvent> sink) {
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = parameters[i];
        }
        readRows(where + " ORDER BY ts, host, serial", values, e -> sink.test(e.event()));
    }

    /** Where to look for events: {@code from <= ts < to} (null: unbounded), of one host (null: of all). */
    public record EventRange(Long from, Long to, String host) {
        public static final EventRange ALL = new EventRange(null, null, null);

        private String where() {
            return "WHERE ts >= ? AND ts < ?" + (host == null ? "" : " AND host = ?");
        }

        private Object[] parameters() {
            Long f = from == null ? Long.MIN_VALUE : from;
            Long t = to == null ? Long.MAX_VALUE : to;
            return host == null ? new Object[] {f, t} : new Object[] {f, t, host};
        }
    }

    /** A stored event with its identity: host, serial and time. */
    public record StoredEvent(String host, long serial, AuditEvent event) {
    }

    /**
     * The events of the range in time order (latest first when {@code descending}; then host, serial), skipping the
     * first {@code offset}, for as long as {@code sink} asks for more.
     */
    public void scanEvents(EventRange range, boolean descending, long offset, Predicate<StoredEvent> sink) {
        String order = descending ? " ORDER BY ts DESC, host DESC, serial DESC" : " ORDER BY ts, host, serial";
        readRows(range.where() + order + (offset > 0 ? " OFFSET " + offset : ""), range.parameters(), sink);
    }

    /** How many events the range holds. */
    public long countEvents(EventRange range) {
        try (PreparedStatement q = connection.prepareStatement("SELECT count(*) FROM events " + range.where())) {
            bind(q, range.parameters());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("counting events failed: " + e.getMessage(), e);
        }
    }

    /**
     * The text one event was read from (raw record lines joined with '\n', or an Auditbeat JSON line), or, for an
     * event kept without one, its fields as flat JSON; empty when the store has no such event.
     */
    public Optional<String> original(String host, long serial, long ts) {
        try (Connection textConnection = ((DuckDBConnection) connection).duplicate();
             TextBlocks.Reader texts = new TextBlocks.Reader(textConnection);
             PreparedStatement q = connection.prepareStatement("SELECT text_block, text_start, text_length, extra "
                     + "FROM events WHERE ts = ? AND host = ? AND serial = ? LIMIT 1")) {
            bind(q, new Object[] {ts, host, serial});
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long block = rs.getLong(1);
                return Optional.of(rs.wasNull() ? rs.getString(4) : texts.text(block, rs.getInt(2), rs.getInt(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("reading an event's original failed: " + e.getMessage(), e);
        }
    }

    /** One host's stored events: how many, the first and the last time. */
    public record HostEvents(String host, long events, long first, long last) {
    }

    /** Every host's stored events, by host name. */
    public List<HostEvents> hostEvents() {
        List<HostEvents> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT host, count(*), min(ts), max(ts) FROM events GROUP BY host ORDER BY host")) {
            while (rs.next()) {
                out.add(new HostEvents(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        } catch (SQLException e) {
            throw new StoreException("counting events per host failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** How many events of one time bucket have one value of the split field (null: all of the bucket's events). */
    public record TimeCount(long bucket, String value, long count) {
    }

    /**
     * The range's events counted per {@code intervalMs} bucket (aligned on the epoch), per value of {@code splitField}
     * (null: not split; events without it are not counted), in bucket order; empty when the field has no text column
     * of its own to count by (then the events must be read).
     */
    public Optional<List<TimeCount>> countByTime(EventRange range, long intervalMs, String splitField) {
        String column = splitField == null ? "NULL" : splitField.equals(EventIdentity.HOST) ? "host"
                : EventColumn.ALL.stream().filter(c -> c.field.equals(splitField) && c.kind == EventColumn.Kind.TEXT)
                .map(c -> c.column).findFirst().orElse(null);
        if (column == null) {
            return Optional.empty();
        }
        String sql = "SELECT floor(ts / ?)::BIGINT * ? AS bucket, " + column + " AS v, count(*) FROM events "
                + range.where() + (splitField == null ? "" : " AND " + column + " IS NOT NULL")
                + " GROUP BY bucket, v ORDER BY bucket";
        Object[] parameters = range.parameters();
        Object[] all = new Object[parameters.length + 2];
        all[0] = intervalMs;
        all[1] = intervalMs;
        System.arraycopy(parameters, 0, all, 2, parameters.length);
        List<TimeCount> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            bind(q, all);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new TimeCount(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("counting events per time bucket failed: " + e.getMessage(), e);
        }
        return Optional.of(out);
    }

    /** What the reads of ingests reported lost, per host. */
    public ReadLoss readLoss() {
        return new ReadLoss(connection);
    }

    /** Per-host signals of data loss: serial gaps, the usual gap between events, events rejected. */
    public HostSignals hostSignals() {
        return new HostSignals(connection);
    }

    /** The stored events whose {@code event.action} is {@code action}, in time order (then host, serial). */
    public void forEachEventOfAction(String action, Consumer<StoredEvent> sink) {
        readRows("WHERE " + EventColumn.ACTION.column + " = ? ORDER BY ts, host, serial", new Object[] {action}, e -> {
            sink.accept(e);
            return true;
        });
    }

    private void readRows(String whereAndOrder, Object[] parameters, Predicate<StoredEvent> sink) {
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events " + whereAndOrder;
        // the text blocks are read on a connection of their own, beside the open result
        try (Connection textConnection = ((DuckDBConnection) connection).duplicate();
             TextBlocks.Reader texts = new TextBlocks.Reader(textConnection);
             PreparedStatement q = connection.prepareStatement(sql)) {
            bind(q, parameters);
            q.setFetchSize(1024);
            EventRows rows = new EventRows(accounts);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next() && sink.test(new StoredEvent(rs.getString(2), rs.getLong(3), rows.read(rs, texts)))) {
                    // the sink decides whether to go on
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading events failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement q, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] instanceof Long l) {
                q.setLong(i + 1, l);
            } else {
                q.setString(i + 1, (String) parameters[i]);
            }
        }
    }

    /** The alerts of anomalies, pending and sent. */
    public AlertTable alerts() {
        return new AlertTable(connection);
    }

    /** Real-time jobs' closed buckets and the events stored in them after they closed. */
    public LateEvents lateEvents() {
        return new LateEvents(connection);
    }

    /** The filters, calendars and scheduled events kept in the store. */
    public RuleTables rules() {
        return new RuleTables(connection, file);
    }

    /**
     * Saves a job's config and its datafeed (Elastic's datafeed JSON; its {@code datafeed_id}, else
     * {@code datafeed-<job id>}), which replaces any other datafeed of the job: a job has one.
     */
    public void putJob(Job job, String datafeedJson) {
        String datafeedId;
        try {
            datafeedId = JSON.readTree(datafeedJson).path("datafeed_id").asText("datafeed-" + job.jobId());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a datafeed must be JSON: " + e.getOriginalMessage(), e);
        }
        inTransaction("saving job [" + job.jobId() + "]", () -> {
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM datafeeds WHERE job_id = ? AND datafeed_id <> ?")) {
                d.setString(1, job.jobId());
                d.setString(2, datafeedId);
                d.executeUpdate();
            }
            upsert("INSERT OR REPLACE INTO jobs VALUES (?, ?)", job.jobId(), JobParser.toJson(job));
            upsert("INSERT OR REPLACE INTO datafeeds VALUES (?, ?, ?)", datafeedId, job.jobId(), datafeedJson);
        });
    }

    /** The datafeed saved with a job, as JSON. */
    public Optional<String> datafeed(String jobId) {
        try (PreparedStatement q = connection.prepareStatement("SELECT config FROM datafeeds WHERE job_id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the datafeed of job [" + jobId + "] failed: " + e.getMessage(), e);
        }
    }

    /** A job's saved model state and the time of the last event it took. */
    public record Snapshot(String jobId, long watermark, String state) {
    }

    public Optional<Snapshot> snapshot(String jobId) {
        try (PreparedStatement q = connection.prepareStatement("SELECT watermark, state FROM snapshots WHERE job_id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Snapshot(jobId, rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the snapshot of " + jobId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Stores result documents; one with the same id replaces the earlier (renormalised scores, a re-closed bucket).
     */
    public void putResults(List<Result> results) {
        inTransaction("saving results", () -> stageResults(results));
    }

    /**
     * What one run of a job leaves: its results from {@code replaceFrom} on replace the stored ones of that span (a
     * bucket closed again, with more events), earlier results it rescored replace theirs, and its snapshot (the time
     * of the last event it took, and its model state) replaces the earlier. Committed together, so that a store never
     * holds a job's snapshot without the results of the events before its watermark, nor results without it.
     */
    public void commitJob(Snapshot snapshot, long replaceFrom, List<Result> results) {
        commitJob(snapshot, replaceFrom, results, List.of(), List.of());
    }

    /**
     * A real-time run's commit (see {@link #commitJob(Snapshot, long, List)}): with it, the alerts of its anomalies
     * (those not there yet, pending) and what its closed buckets held (see {@link LateEvents}), in the same transaction.
     */
    public void commitJob(Snapshot snapshot, long replaceFrom, List<Result> results, List<AlertTable.Alert> alerts,
                          List<LateEvents.Bucket> buckets) {
        inTransaction("saving the results and snapshot of job [" + snapshot.jobId() + "]", () -> {
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM results WHERE job_id = ? AND ts >= ?")) {
                d.setString(1, snapshot.jobId());
                d.setLong(2, replaceFrom);
                d.executeUpdate();
            }
            stageResults(results);
            try (PreparedStatement u = connection.prepareStatement("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)")) {
                u.setString(1, snapshot.jobId());
                u.setLong(2, snapshot.watermark());
                u.setString(3, snapshot.state());
                u.executeUpdate();
            }
            new LateEvents(connection).put(snapshot.jobId(), buckets);
            new AlertTable(connection).insertNew(alerts);
        });
    }

    /** The jobs' bookkeeping for Elastic's API: when each was made, whether it is open, its datafeeds. */
    public JobCatalog catalog() {
        return new JobCatalog(connection, this);
    }

    void inTransaction(String what, Transactions.Work work) {
        Transactions.run(connection, file, what, work);
    }

    /**
     * Result documents (a bucket's bucket influencers as documents of their own too, as Elastic's results index holds
     * them) through the appender into a staging table, then replacing by id in one statement (row-by-row upserts
     * take minutes for a few years of hourly buckets); the last document written for an id wins.
     */
    private void stageResults(List<Result> results) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS results_staging (seq BIGINT, id VARCHAR, job_id VARCHAR, "
                    + "result_type VARCHAR, ts BIGINT, score DOUBLE, doc VARCHAR)");
            s.execute("DELETE FROM results_staging");
            try (DuckDBAppender appender = ((DuckDBConnection) connection).createAppender("temp", "main", "results_staging")) {
                long seq = 0;
                for (Result result : results) {
                    for (Result r : result.documents()) {
                        appender.beginRow();
                        appender.append(seq++);
                        appender.append(ResultIds.of(r));
                        appender.append(r.jobId());
                        appender.append(r.resultType());
                        appender.append(r.timestamp());
                        Double score = ResultIds.score(r);
                        if (score == null) {
                            appender.appendNull();
                        } else {
                            appender.append(score.doubleValue());
                        }
                        appender.append(json(r));
                        appender.endRow();
                    }
                }
                appender.flush();
            }
            s.execute("DELETE FROM results WHERE id IN (SELECT id FROM results_staging)");
            // a bucket written again brings all its bucket influencers: none of its earlier ones may stay behind
            s.execute("DELETE FROM results WHERE result_type = '" + ResultFields.TYPE_BUCKET_INFLUENCER + "' AND EXISTS "
                    + "(SELECT 1 FROM results_staging b WHERE b.result_type = '" + ResultFields.TYPE_BUCKET + "' "
                    + "AND b.job_id = results.job_id AND b.ts = results.ts)");
            s.execute("INSERT INTO results SELECT id, job_id, result_type, ts, score, doc FROM "
                    + "(SELECT *, row_number() OVER (PARTITION BY id ORDER BY seq DESC) AS rn FROM results_staging) WHERE rn = 1");
            s.execute("DELETE FROM results_staging");
        }
    }

    private static String json(Result r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job's documents of one result type ("bucket", "record", ...) in [fromTs, toTs), in time order then id. */
    public List<String> results(String jobId, String resultType, long fromTs, long toTs) {
        List<String> docs = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT doc FROM results WHERE job_id = ? AND result_type = ? AND ts >= ? AND ts < ? ORDER BY ts, id")) {
            q.setString(1, jobId);
            q.setString(2, resultType);
            q.setLong(3, fromTs);
            q.setLong(4, toTs);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    docs.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading results failed: " + e.getMessage(), e);
        }
        return docs;
    }

    /** A job's result documents as JSON, in time order then id. */
    public List<String> results(String jobId) {
        List<String> docs = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT doc FROM results WHERE job_id = ? ORDER BY ts, id")) {
            q.setString(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    docs.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading results failed: " + e.getMessage(), e);
        }
        return docs;
    }

    /**
     * Result documents, in job, time and id order, for as long as {@code sink} takes them: of one job or all (null),
     * of one result type or all (null), scoring at least {@code minScore} or every document (null; model plots have
     * no score and go with null only).
     */
    public void forEachResult(String jobId, String resultType, Double minScore, Consumer<String> sink) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (jobId != null) {
            conditions.add("job_id = ?");
            parameters.add(jobId);
        }
        if (resultType != null) {
            conditions.add("result_type = ?");
            parameters.add(resultType);
        }
        if (minScore != null) {
            conditions.add("score >= ?");
            parameters.add(minScore);
        }
        String sql = "SELECT doc FROM results" + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY job_id, ts, id";
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                q.setObject(i + 1, parameters.get(i));
            }
            q.setFetchSize(1024);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading results failed: " + e.getMessage(), e);
        }
    }

    /** Saves a module folder's files (path relative to the folder → text) under its id, replacing one of that id. */
    public void putModule(String moduleId, Map<String, String> files) {
        try {
            upsert("INSERT OR REPLACE INTO modules VALUES (?, ?)", moduleId, JSON.writeValueAsString(new TreeMap<>(files)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("writing module [" + moduleId + "] failed: " + e.getMessage(), e);
        }
    }

    /** The module folders saved in the store, by id (sorted), each as its files; none in a store made before them. */
    public Map<String, Map<String, String>> modules() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT module_id, files FROM modules")) {
            while (rs.next()) {
                out.put(rs.getString(1), JSON.readValue(rs.getString(2),
                        new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, String>>() { }));
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("modules")) {
                return out; // a read-only store written before modules could be added
            }
            throw new StoreException("reading the modules failed: " + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("reading the modules failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** The ids of the jobs saved in the store, sorted. */
    public List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT job_id FROM jobs ORDER BY job_id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreException("reading the jobs failed: " + e.getMessage(), e);
        }
        return ids;
    }

    private void upsert(String sql, String... values) {
        try (PreparedStatement u = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                u.setString(i + 1, values[i]);
            }
            u.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the store failed: " + e.getMessage(), e);
        }
    }
}

package org.auditml.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.read.ParseProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Uploaded audit logs (raw, gzipped or not, or Auditbeat NDJSON), each ingested as {@code analyze} ingests a file:
 * the upload is written beside the store, then analysed on a background thread that holds the service's lock while
 * it runs (the service takes one caller at a time: other calls wait for the ingest), one upload after another. Its
 * progress is read without that lock, so it can be polled while the ingest runs; this registry is thread-safe.
 */
public final class Ingests implements AutoCloseable {
    /** The host of raw records without {@code node=}, as the command line's default. */
    static final String DEFAULT_HOST = "localhost";

    private final AuditmlService service;
    private final Map<String, Ingest> byId = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auditml-ingest");
        t.setDaemon(true);
        return t;
    });

    Ingests(AuditmlService service) {
        this.service = service;
    }

    /**
     * Writes the upload beside the store under {@code name} (its file name is what problems name) and queues its
     * ingest; returns the ingest's id. Refused when the name is not a file name.
     */
    public String start(String name, InputStream body) {
        String file = fileName(name);
        String id = "ingest-" + next.incrementAndGet();
        Path dir = service.storeFile().toAbsolutePath().resolveSibling(".auditml-uploads").resolve(id);
        Path upload = dir.resolve(file);
        try {
            Files.createDirectories(dir);
            Files.copy(body, upload, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("cannot write the upload beside the store in " + dir + ": " + e.getMessage(), e);
        }
        Ingest ingest = new Ingest(id, file, upload);
        byId.put(id, ingest);
        worker.submit(() -> run(ingest, dir));
        return id;
    }

    /** An ingest's progress and, once done, what it read and stored; not found for an unknown id. */
    public ObjectNode status(String id) {
        Ingest ingest = byId.get(id);
        if (ingest == null) {
            throw RequestException.notFound("no ingest [" + id + "]; POST /api/ingest starts one and answers its id");
        }
        return ingest.status();
    }

    private void run(Ingest ingest, Path dir) {
        try {
            AnalysisReport report;
            synchronized (service) {
                report = service.analyze(new AnalysisRequest(List.of(ingest.file), List.of(), List.of(), "", null, null,
                        DEFAULT_HOST), ingest);
            }
            ingest.done(report);
        } catch (RuntimeException | Error e) {
            ingest.failed(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } finally {
            delete(dir);
        }
    }

    private static String fileName(String name) {
        String n = name == null || name.isBlank() ? "upload" : name.trim();
        if (n.contains("/") || n.contains("\\") || n.equals(".") || n.equals("..") || n.chars().anyMatch(c -> c < 0x20)) {
            throw new RequestException("[name] must be a file name (such as audit.log or audit.log.gz), not '" + name + "'");
        }
        return n;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover upload is harmless: it is beside the store, and the next ingest of that id replaces it
        }
    }

    /** Drops the queued uploads and waits for the running one, which holds the store, to end. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One upload's ingest, told its progress by the analysis (on the ingest thread) and read by any thread. */
    private static final class Ingest implements IngestListener {
        private final String id;
        private final String name;
        private final Path file;
        private volatile String state = "running";
        private volatile long totalBytes;
        private volatile LongSupplier bytesRead = () -> 0;
        private volatile LongSupplier eventsRead = () -> 0;
        private volatile long newEvents;
        private volatile List<String> problems = List.of();
        private volatile String error;

        Ingest(String id, String name, Path file) {
            this.id = id;
            this.name = name;
            this.file = file;
        }

        @Override
        public void started(long total, LongSupplier bytes, LongSupplier events) {
            totalBytes = total;
            bytesRead = bytes;
            eventsRead = events;
        }

        void done(AnalysisReport report) {
            List<String> lines = new ArrayList<>();
            for (ParseProblem p : report.read().problems()) {
                lines.add(new ParseProblem(name, p.line(), p.reason(), p.excerpt()).toString());
            }
            problems = List.copyOf(lines);
            newEvents = report.ingest().newEvents();
            long events = report.ingest().events();
            eventsRead = () -> events;
            state = "done";
        }

        void failed(String message) {
            error = message.replace(file.toString(), name);
            state = "failed";
        }

        ObjectNode status() {
            String now = state; // read first: the counters are final once it is done
            ObjectNode out = MlJobs.JSON.createObjectNode().put("id", id).put("state", now)
                    .put("bytes_read", bytesRead.getAsLong()).put("total_bytes", totalBytes)
                    .put("events_read", eventsRead.getAsLong()).put("new_events", newEvents);
            ArrayNode lines = out.putArray("problems");
            problems.forEach(lines::add);
            return out.put("error", error);
        }
    }
}

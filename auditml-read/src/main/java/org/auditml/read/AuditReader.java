package org.auditml.read;

import org.auditml.read.beat.BeatEventParser;
import org.auditml.read.ecs.EventNormalizer;
import org.auditml.read.raw.ByteText;
import org.auditml.read.raw.EventReassembler;
import org.auditml.read.raw.LineReader;
import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawLineParser;
import org.auditml.read.raw.RecordGroup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads audit data into normalised events: raw auditd logs (plain or gzipped, with or without {@code node=},
 * raw or enriched) and Auditbeat JSON, the format detected per input. Bad lines are counted and reported in the
 * {@link ReadReport} with file and line; the rest of the input is still read. An I/O failure ends that input only.
 * Several inputs are read one after another ({@link #read(List, Consumer)}) or side by side, merged by time
 * ({@link #readMergedByTime}).
 */
public final class AuditReader {
    /** A file's parsing thread hands over batches of this many raw events, and may run this many batches ahead. */
    private static final int BATCH_EVENTS = 512;
    private static final int HAND_OFF_BATCHES = 16;
    /**
     * The same for each input of a merged read, which also hands its events to the merge so: smaller, as every input
     * holds its batches at once, and events held long are copied by every young collection.
     */
    private static final int MERGE_BATCH_EVENTS = 128;
    private static final int MERGE_BATCHES = 2;

    private final ReaderOptions options;
    private final EventNormalizer normalizer;
    private final int batchEvents;
    private final int handOffBatches;

    /** A reader whose names are the enriched log's and those of {@link ReaderOptions#accounts}. */
    public AuditReader(ReaderOptions options) {
        this(options, EventNormalizer.withNames(options.accounts()));
    }

    public AuditReader(ReaderOptions options, EventNormalizer normalizer) {
        this(options, normalizer, BATCH_EVENTS, HAND_OFF_BATCHES);
    }

    private AuditReader(ReaderOptions options, EventNormalizer normalizer, int batchEvents, int handOffBatches) {
        this.options = Objects.requireNonNull(options, "options");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.batchEvents = batchEvents;
        this.handOffBatches = handOffBatches;
    }

    /**
     * Reads each path in turn (a directory gives its audit.log* files, oldest rotation first); a null sink only
     * counts (see {@link #summarize}).
     */
    public ReadReport read(List<Path> paths, Consumer<AuditEvent> sink) {
        return read(paths, sink, new AtomicLong());
    }

    /**
     * Reads as {@link #read(List, Consumer)} does, adding the bytes taken from the files (compressed, for gzip) to
     * {@code bytesRead} as it goes: for a progress display, against {@link #sizeBytes}.
     */
    public ReadReport read(List<Path> paths, Consumer<AuditEvent> sink, AtomicLong bytesRead) {
        ReadReport report = accountsReport();
        for (Path path : AuditFiles.expand(paths, report::note)) {
            read(path, sink, report, bytesRead);
        }
        return report;
    }

    /**
     * Reads the paths side by side and delivers their events merged by time, as {@link #read(List, Consumer,
     * AtomicLong)} would deliver them one path after another: for inputs of the same period (a log per host), whose
     * events, read one input after the other, would go back in time at each new input. A directory's rotated files
     * are one input, read oldest first. Each input is read on threads of its own, a few hundred events ahead at most.
     * Inputs that share a file (or standard input) are read one after another, as {@link #read} reads them.
     */
    public ReadReport readMergedByTime(List<Path> paths, Consumer<AuditEvent> sink, AtomicLong bytesRead) {
        ReadReport notes = new ReadReport();
        List<List<Path>> files = paths.stream().map(p -> AuditFiles.expand(List.of(p), notes::note)).toList();
        long distinct = files.stream().flatMap(List::stream).map(p -> p.toAbsolutePath().normalize()).distinct().count();
        if (paths.size() < 2 || distinct != files.stream().mapToLong(List::size).sum() || paths.contains(Path.of("-"))) {
            return read(paths, sink, bytesRead);
        }
        AuditReader part = new AuditReader(options, normalizer, MERGE_BATCH_EVENTS, MERGE_BATCHES);
        List<MergedInput> inputs = new ArrayList<>();
        for (List<Path> input : files) {
            inputs.add(new MergedInput(input, part, bytesRead));
        }
        try {
            inputs.forEach(MergedInput::start);
            mergeByTime(inputs, sink);
        } finally {
            inputs.forEach(MergedInput::stop);
        }
        ReadReport report = accountsReport();
        notes.notes().forEach(report::note);
        for (MergedInput input : inputs) {
            report.addAll(input.report);
        }
        return report;
    }

    /** A new report holding the lines of the passwd and group files that were left out. */
    private ReadReport accountsReport() {
        ReadReport report = new ReadReport();
        options.accounts().problems().forEach(report::problem);
        return report;
    }

    /** Delivers the earliest head among the inputs until all have ended. */
    private static void mergeByTime(List<MergedInput> inputs, Consumer<AuditEvent> sink) {
        List<MergedInput> open = new ArrayList<>(inputs);
        open.removeIf(input -> !input.advance());
        while (!open.isEmpty()) {
            MergedInput earliest = open.get(0);
            for (int i = 1; i < open.size(); i++) {
                if (open.get(i).head().timestampMillis() < earliest.head().timestampMillis()) {
                    earliest = open.get(i);
                }
            }
            sink.accept(earliest.head());
            if (!earliest.advance()) {
                open.remove(earliest);
            }
        }
    }

    /** One input of a merged read: its files read in turn on a thread of its own, events handed over in batches. */
    private static final class MergedInput {
        private static final List<AuditEvent> END = new ArrayList<>(0);

        private final List<Path> files;
        private final AuditReader reader;
        private final AtomicLong bytesRead;
        private final ReadReport report = new ReadReport();
        private final BlockingQueue<List<AuditEvent>> queue = new ArrayBlockingQueue<>(MERGE_BATCHES);
        private final Thread thread;
        private volatile Throwable failure;
        /** Filled by the input's thread. */
        private List<AuditEvent> pending = new ArrayList<>(MERGE_BATCH_EVENTS);
        /** Taken by the merging thread. */
        private List<AuditEvent> batch = List.of();
        private int at;

        MergedInput(List<Path> files, AuditReader reader, AtomicLong bytesRead) {
            this.files = files;
            this.reader = reader;
            this.bytesRead = bytesRead;
            this.thread = new Thread(this::readAll, "auditml-input");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            thread.interrupt();
        }

        private void readAll() {
            try {
                for (Path file : files) {
                    reader.read(file, this::take, report, bytesRead);
                }
                if (!pending.isEmpty()) {
                    hand(pending);
                }
            } catch (Throwable t) {
                failure = t;
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the merge has given up
            }
        }

        private void take(AuditEvent event) {
            pending.add(event);
            if (pending.size() == MERGE_BATCH_EVENTS) {
                hand(pending);
                pending = new ArrayList<>(MERGE_BATCH_EVENTS);
            }
        }

        private void hand(List<AuditEvent> events) {
            try {
                queue.put(events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the merged read stopped", e);
            }
        }

        AuditEvent head() {
            return batch.get(at);
        }

        /** Moves to the next event; false when this input has ended (a failure while reading it is thrown). */
        boolean advance() {
            if (++at < batch.size()) {
                return true;
            }
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while merging inputs", e);
            }
            at = 0;
            if (batch != END) {
                return true;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            } else if (failure instanceof Error e) {
                throw e;
            }
            return false;
        }
    }

    /** The total size of the files {@link #read} would read (0 for standard input). */
    public static long sizeBytes(List<Path> paths) {
        long total = 0;
        for (Path path : AuditFiles.expand(paths)) {
            try {
                total += "-".equals(path.toString()) ? 0 : Files.size(path);
            } catch (IOException e) {
                // reading it will report the problem
            }
        }
        return total;
    }

    /**
     * Counts without normalising: each event is reassembled and classified (its action, whether records are
     * missing) but no event is built. What {@code parse --summary} prints; much cheaper than {@link #read}.
     */
    public ReadReport summarize(List<Path> paths) {
        return read(paths, null);
    }

    /** Reads one file ({@code -} is standard input) into the report. */
    public void read(Path path, Consumer<AuditEvent> sink, ReadReport report) {
        read(path, sink, report, new AtomicLong());
    }

    private void read(Path path, Consumer<AuditEvent> sink, ReadReport report, AtomicLong bytesRead) {
        String name = path.toString();
        try (InputStream in = "-".equals(name) ? System.in : Files.newInputStream(path)) {
            read(name, new CountingInputStream(in, bytesRead), sink, report);
        } catch (IOException e) {
            report.problem(ParseProblem.of(name, 0, "cannot read: " + IoReason.of(e), null));
        }
    }

    /** Reads one stream; gzip is recognised by its magic bytes. */
    public void read(String name, InputStream raw, Consumer<AuditEvent> sink, ReadReport report) throws IOException {
        ReadReport.Source source = report.source(name);
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        WholeLinesGzip gzip = null;
        if (isGzip(in)) {
            gzip = new WholeLinesGzip(in);
            in = new BufferedInputStream(gzip, 1 << 16);
        }
        skipByteOrderMark(in);
        LineReader lines = new LineReader(in, options.maxLineBytes());
        try {
            readLines(name, lines, sink, report, source);
        } catch (IOException e) {
            report.problem(ParseProblem.of(name, lines.lineNumber(), "read failed: " + e.getMessage(), null));
        } finally {
            source.bytes(lines.bytesRead());
        }
        if (gzip != null && gzip.truncation() != null) {
            report.problem(ParseProblem.of(name, lines.lineNumber(), "truncated gzip: " + gzip.truncation(), null));
        }
    }

    /**
     * Reading takes two threads: a second one reads, parses, reassembles and normalises, handing over batches
     * through a small bounded queue; this one delivers the events in order, so that the sink's work (storing,
     * live analysis) goes on beside the reading. Each line is read in its own format: raw records, or Auditbeat JSON
     * (a line that begins with '{'), so that a file holding both loses neither.
     */
    private void readLines(String name, LineReader lines, Consumer<AuditEvent> sink, ReadReport report,
                           ReadReport.Source source) throws IOException {
        String defaultHost = options.defaultHost();
        BlockingQueue<RawBatch> queue = new ArrayBlockingQueue<>(handOffBatches);
        Thread parser = new Thread(() -> parseRaw(name, lines, queue, sink != null), "auditml-parse");
        parser.setDaemon(true);
        parser.start();
        long rawLines = 0;
        long jsonLines = 0;
        source.format("raw");
        try {
            while (true) {
                RawBatch batch = queue.take();
                for (int g = 0; g < batch.groups.size(); g++) {
                    RecordGroup group = batch.groups.get(g);
                    if (group == null) { // an Auditbeat JSON line's event
                        AuditEvent event = batch.events.get(g);
                        String host = event.getString("host.name");
                        source.event(host == null ? defaultHost : host, event.getString("event.action"), true);
                        if (sink != null) {
                            sink.accept(event);
                        }
                        continue;
                    }
                    if (sink == null) {
                        EventNormalizer.Summary summary = normalizer.summarize(group);
                        source.event(hostOf(group.node(), defaultHost), summary.action(), summary.complete());
                        continue;
                    }
                    AuditEvent event = batch.events.get(g);
                    source.event(hostOf(group.node(), defaultHost), event.getString("event.action"),
                            event.get(EventNormalizer.INCOMPLETE_FIELD) == null);
                    sink.accept(event);
                }
                batch.applyTo(report, source, defaultHost);
                rawLines += batch.rawLines;
                jsonLines += batch.jsonLines;
                source.format(rawLines > 0 && jsonLines > 0 ? "raw and auditbeat-json"
                        : jsonLines > 0 ? "auditbeat-json" : "raw");
                if (batch.failure instanceof IOException e) {
                    throw e;
                } else if (batch.failure instanceof RuntimeException e) {
                    throw e;
                }
                if (batch.gaps != null || batch.failure != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + name, e);
        } finally {
            parser.interrupt();
        }
    }

    /** The parsing thread: lines → records → events (normalised when {@code normalize}), in batches. */
    private void parseRaw(String name, LineReader lines, BlockingQueue<RawBatch> queue, boolean normalize) {
        RawBatch[] batch = {new RawBatch(batchEvents)};
        String defaultHost = options.defaultHost();
        boolean deferDetail = options.deferDetail();
        EventReassembler reassembler = new EventReassembler(options.windowMillis(), options.maxOpenEvents(),
                group -> {
                    if (!normalize) {
                        batch[0].groups.add(group);
                        return;
                    }
                    AuditEvent event;
                    try {
                        event = deferDetail ? normalizer.normalizeDeferringDetail(group, defaultHost, group.original())
                                : normalizer.normalize(group, defaultHost, group.original());
                    } catch (RuntimeException e) {
                        // records no rule foresaw: this event is left out and reported, the rest is read
                        batch[0].malformedReasons.add("event could not be normalised");
                        batch[0].problems.add(ParseProblem.of(name, lines.lineNumber(), "event " + group.serial()
                                + " could not be normalised (" + e + "); left out", group.original()));
                        return;
                    }
                    batch[0].groups.add(group);
                    batch[0].events.add(event);
                });
        RawLineParser parser = new RawLineParser();
        BeatEventParser beats = new BeatEventParser();
        try {
            while (lines.next()) {
                RawBatch b = batch[0];
                b.lines++;
                byte[] buf = lines.buffer();
                int start = lines.start();
                int len = lines.length();
                if (isBlankOrComment(buf, start, len)) {
                    continue;
                }
                if (isJson(buf, start, len)) {
                    b.jsonLines++;
                    readJsonLine(name, lines, beats, b);
                    if (b.isFull()) {
                        queue.put(b);
                        batch[0] = new RawBatch(batchEvents);
                    }
                    continue;
                }
                b.rawLines++;
                if (lines.oversized()) {
                    b.problems.add(ParseProblem.of(name, lines.lineNumber(), "line of " + lines.fullLength()
                            + " bytes cut to " + len, excerpt(buf, start, len)));
                }
                LineResult result = parser.parse(buf, start, len, lines.lineNumber());
                if (result instanceof LineResult.Parsed parsed) {
                    b.countRecord(hostOf(parsed.record().node(), defaultHost));
                    if (parsed.warning() != null) {
                        b.problems.add(ParseProblem.of(name, lines.lineNumber(), parsed.warning(),
                                excerpt(buf, start, len)));
                    }
                    reassembler.accept(parsed.record());
                } else if (result instanceof LineResult.Rejected rejected) {
                    b.malformedReasons.add(rejected.reason());
                    b.problems.add(ParseProblem.of(name, lines.lineNumber(), rejected.reason(),
                            excerpt(buf, start, len)));
                }
                if (b.isFull()) {
                    queue.put(b);
                    batch[0] = new RawBatch(batchEvents);
                }
            }
            reassembler.flush();
            batch[0].gaps = reassembler.serialGaps();
        } catch (InterruptedException e) {
            return; // the reading side has given up
        } catch (IOException | RuntimeException e) {
            reassembler.flush();
            batch[0].failure = e;
        }
        try {
            queue.put(batch[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line of Auditbeat JSON: its event, or the reason it is none. */
    private void readJsonLine(String name, LineReader lines, BeatEventParser parser, RawBatch b) {
        String text = new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.UTF_8);
        if (lines.oversized()) {
            b.malformedReasons.add("line too long");
            b.problems.add(ParseProblem.of(name, lines.lineNumber(), "line of " + lines.fullLength()
                    + " bytes exceeds " + lines.length(), text));
            return;
        }
        try {
            AuditEvent event = parser.parse(text);
            String host = event.getString("host.name");
            b.countRecord(host == null ? options.defaultHost() : host);
            b.groups.add(null);
            b.events.add(event);
        } catch (IllegalArgumentException e) {
            b.malformedReasons.add(e.getMessage().startsWith("invalid JSON") ? "invalid JSON" : e.getMessage());
            b.problems.add(ParseProblem.of(name, lines.lineNumber(), e.getMessage(), text));
        }
    }

    /** Whether a line is Auditbeat JSON: its first character, after blanks, is '{'. */
    private static boolean isJson(byte[] buf, int start, int len) {
        for (int i = start; i < start + len; i++) {
            if (buf[i] == '{') {
                return true;
            }
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return false;
    }

    /** A UTF-8 byte-order mark some editors put before the first line is not part of it. */
    private static void skipByteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(3);
        if (in.read() != 0xEF || in.read() != 0xBB || in.read() != 0xBF) {
            in.reset();
        }
    }

    /** The start of a line, for a problem report. */
    private static String excerpt(byte[] buf, int start, int len) {
        return ByteText.decode(buf, start, Math.min(len, 120));
    }

    private static String hostOf(String node, String defaultHost) {
        return node != null ? node : defaultHost;
    }

    private static boolean isBlankOrComment(byte[] buf, int start, int len) {
        for (int i = start; i < start + len; i++) {
            byte b = buf[i];
            if (b == '#') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b;
    }
}

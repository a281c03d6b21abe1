package org.auditml.service.follow;

import org.auditml.read.ParseProblem;
import org.auditml.read.ecs.EventNormalizer;
import org.auditml.store.FilePosition;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One followed path: its whole lines read as they are written, their events stored with the position they reach.
 * Through a rename-and-create rotation the renamed file is read by its handle until it has been quiet for a while
 * (a writer may still add to it), then the new file from its start; a file truncated in place (copytruncate) is read
 * again from its start. A restart finds the file it stopped in by its identity, under the path or a rotated name
 * ({@code audit.log.1}, {@code .2}, ...), finishes it and the newer rotated files, then follows the path.
 */
final class FollowedLog implements Closeable {
    /** Events stored at most at once, so that they and their position go in as one transaction. */
    static final int MAX_BATCH_EVENTS = 20_000;
    /** Longer lines are left out as malformed (auditd splits long records). */
    static final int MAX_LINE_BYTES = 1 << 21;
    private static final int MAX_ROTATED = 1000;
    /** Malformed lines said one by one; the rest are counted. */
    private static final int SHOWN_PROBLEMS = 20;

    private final Path path;
    private final String key;
    private final FollowStore store;
    private final String defaultHost;
    private final EventNormalizer normalizer;
    private final long quietMillis;
    private final Consumer<String> log;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE_BYTES);
    /** Rotated files found at a restart, oldest first, to read after {@link #current} and before the path. */
    private final ArrayDeque<Segment> queued = new ArrayDeque<>();
    private Segment current;
    private TailAssembler assembler;
    /** Where the next line of {@link #current} begins. */
    private long offset;
    private boolean resumed;
    private long lastRead;
    private FilePosition stored;
    private long events;
    private long malformedBefore;
    private long problemsShown;
    private String said;
    private volatile FollowedFile status;

    /**
     * @param quietMillis a file that has not grown for this long has its open events closed (its last event is
     *                    whole), and a rotated file is left for the new one
     */
    FollowedLog(Path path, FollowStore store, String defaultHost, EventNormalizer normalizer, long quietMillis,
                Consumer<String> log) {
        this.path = path;
        this.key = path.toAbsolutePath().normalize().toString();
        this.store = store;
        this.defaultHost = defaultHost;
        this.normalizer = normalizer;
        this.quietMillis = quietMillis;
        this.log = log;
        this.status = new FollowedFile(key, null, 0, 0, 0, 0, "starting");
    }

    FollowedFile status() {
        return status;
    }

    /**
     * One round at {@code nowMillis}: reads the new whole lines, notices quiet, rotation and truncation, and stores
     * what is whole with its position. Returns whether it read anything (false: nothing new, or a problem said).
     */
    boolean poll(long nowMillis) {
        boolean read = false;
        try {
            if (!resumed) {
                resume();
                resumed = true;
                lastRead = nowMillis;
            }
            if (current == null) {
                openPath(nowMillis);
            }
            if (current.truncatedBefore(offset)) {
                truncated(nowMillis);
            }
            read = readLines();
            if (read) {
                lastRead = nowMillis;
            } else if (nowMillis - lastRead >= quietMillis) {
                assembler.flush(); // the last event of a quiet file is whole
                if (isLeftBehind()) {
                    commit();
                    next(nowMillis);
                }
            }
            commit();
            said = null;
        } catch (NoSuchFileException e) {
            say("waiting for " + e.getFile() + " to appear");
        } catch (AccessDeniedException e) {
            say("cannot read " + e.getFile() + ": permission denied; let the user running auditml read it "
                    + "(auditd's log_group), or run auditml as root");
        } catch (IOException | RuntimeException e) {
            say("following " + key + " failed: " + e.getMessage() + "; trying again");
        } finally {
            status = snapshot();
        }
        return read;
    }

    /**
     * {@link #current} was truncated in place (copytruncate): the lines written to it since it was last read went
     * to its copy, {@code audit.log.1}, read on from the same offset; then the truncated file from its start.
     */
    private void truncated(long nowMillis) throws IOException {
        Segment copy = openIfThere(rotated(1));
        if (copy != null && copy.inode != current.inode && current.head().equals(copy.head())
                && copy.size() >= offset) {
            say(current.name + " was truncated (copytruncate); reading the rest of its copy " + copy.name
                    + ", then it again from its start");
            current.truncated();
            queued.addFirst(current);
            current = copy; // the same bytes up to the offset: the events read go on
            lastRead = nowMillis;
            return;
        }
        if (copy != null) {
            copy.close();
        }
        assembler.flush();
        commit();
        say(current.name + " was truncated (copytruncate); reading it again from its start");
        current.truncated();
        startAt(0, 0);
    }

    /** The stored position's file, found by its identity, and the rotated files newer than it. */
    private void resume() throws IOException {
        Optional<FilePosition> remembered = store.position(key);
        if (remembered.isEmpty()) {
            return;
        }
        FilePosition p = remembered.get();
        stored = p;
        events = p.events();
        malformedBefore = p.malformedLines();
        List<Path> names = new ArrayList<>(List.of(path));
        for (int i = 1; i <= MAX_ROTATED && Files.exists(rotated(i)); i++) {
            names.add(rotated(i));
        }
        for (int i = 0; i < names.size(); i++) {
            Segment s = openIfThere(names.get(i));
            if (s != null && s.is(p)) {
                for (int j = i - 1; j >= 1; j--) {
                    Segment newer = openIfThere(names.get(j));
                    if (newer != null) {
                        queued.add(newer);
                    }
                }
                current = s;
                if (s.size() < p.offset()) {
                    say(s.name + " is shorter than when it was last read; reading it again from its start");
                    startAt(0, 0);
                } else {
                    startAt(p.offset(), p.line());
                }
                return;
            }
            if (s != null) {
                s.close();
            }
        }
        log.accept("follow: the file last read as " + key + " (inode " + p.inode() + ") is no longer there, nor among "
                + "its rotated files; reading " + path + " from its start");
    }

    private Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    private static Segment openIfThere(Path name) {
        try {
            return Segment.open(name);
        } catch (IOException e) {
            return null; // rotated away meanwhile, or unreadable: not the file looked for
        }
    }

    private void openPath(long nowMillis) throws IOException {
        current = Segment.open(path);
        startAt(0, 0);
        lastRead = nowMillis;
    }

    /** Reads {@link #current} from {@code at}, the end of line {@code line}. */
    private void startAt(long at, long line) {
        offset = at;
        malformedBefore = stored == null ? 0 : stored.malformedLines();
        assembler = new TailAssembler(current.name.toString(), at, line, defaultHost, normalizer, this::problem);
    }

    /**
     * Whether {@link #current} has been left for a newer file: a rotated file found at a restart, or the path now
     * naming another file (the new one of a rename-and-create).
     */
    private boolean isLeftBehind() throws IOException {
        return !queued.isEmpty() || Files.exists(path) && !current.isAt(path);
    }

    private void next(long nowMillis) throws IOException {
        current.close();
        current = queued.poll();
        if (current == null) {
            openPath(nowMillis);
        } else {
            startAt(0, 0);
            lastRead = nowMillis;
        }
    }

    /** Reads the whole lines past {@link #offset}, until a batch is full; a last line without its newline waits. */
    private boolean readLines() throws IOException {
        boolean any = false;
        while (assembler.unstored() < MAX_BATCH_EVENTS) {
            buffer.clear();
            int n = current.channel.read(buffer, offset);
            if (n <= 0) {
                return any;
            }
            byte[] b = buffer.array();
            int length = buffer.position();
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (b[i] == '\n') {
                    assembler.line(b, start, i - start, offset + i + 1);
                    start = i + 1;
                    if (assembler.unstored() >= MAX_BATCH_EVENTS) {
                        break;
                    }
                }
            }
            if (start == 0) {
                if (length < MAX_LINE_BYTES) {
                    return any; // a line still being written
                }
                long end = endOfLine(offset + length);
                if (end < 0) {
                    return any;
                }
                assembler.overlong(end - offset, end);
                offset = end;
                any = true;
                continue;
            }
            offset += start;
            any = true;
        }
        return any;
    }

    /** The offset just past the newline at or after {@code from}, or -1 when the line has no end yet. */
    private long endOfLine(long from) throws IOException {
        ByteBuffer scan = ByteBuffer.allocate(1 << 16);
        for (long at = from; ; ) {
            scan.clear();
            int n = current.channel.read(scan, at);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (scan.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            at += n;
        }
    }

    /** Stores the events up to the last cut with the position of the cut, when either is new. */
    private void commit() throws IOException {
        TailAssembler.Cut cut = assembler.pending();
        String head = current.head();
        if (head == null) {
            return; // no whole line yet: nothing to store, and no identity to store it under
        }
        FilePosition p = new FilePosition(key, current.device, current.inode, head, cut.offset(), cut.line(),
                events + cut.events().size(), malformedBefore + cut.malformed());
        if (p.equals(stored)) {
            return;
        }
        store.store(cut.events(), p);
        assembler.stored(cut);
        if (stored == null || p.malformedLines() != stored.malformedLines()) {
            store.recordMalformed(assembler.owner(), key, p.malformedLines());
        }
        stored = p;
        events = p.events();
    }

    private void problem(ParseProblem p) {
        if (problemsShown < SHOWN_PROBLEMS) {
            log.accept("follow: " + p + (++problemsShown == SHOWN_PROBLEMS ? " (further problems of " + key
                    + " are counted, not shown)" : ""));
        }
    }

    /** Says a state once, until another is said or the log is read again. */
    private void say(String line) {
        if (!line.equals(said)) {
            log.accept("follow: " + line);
            said = line;
        }
    }

    private FollowedFile snapshot() {
        long size = 0;
        try {
            size = current == null ? 0 : current.size();
        } catch (IOException e) {
            // the status shows what is known
        }
        return new FollowedFile(key, current == null ? null : current.name.toString(),
                stored == null || current == null || stored.inode() != current.inode ? 0 : stored.offset(), size,
                events, stored == null ? 0 : stored.malformedLines(), said == null ? "following" : said);
    }

    @Override
    public void close() throws IOException {
        for (Segment s : queued) {
            s.close();
        }
        if (current != null) {
            current.close();
        }
    }
}

package org.auditml.service.follow;

import org.auditml.read.AuditEvent;
import org.auditml.read.ParseProblem;
import org.auditml.read.beat.BeatEventParser;
import org.auditml.read.ecs.EventNormalizer;
import org.auditml.read.raw.ByteText;
import org.auditml.read.raw.EventReassembler;
import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawLineParser;
import org.auditml.read.raw.RecordGroup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A followed file's lines made into events, as {@code analyze} reads them (records regrouped by node, time and
 * serial; Auditbeat JSON lines too), and the position up to which they are whole: a cut is taken after a line that
 * leaves no event open, so that the events before it are exactly those of the lines before it. Events closed after
 * the last cut are held until the next one; a file gone quiet is {@link #flush flushed}, its last event with it.
 */
final class TailAssembler {
    /**
     * Held events beyond this (a log whose events never all close at once) go to the store before their cut: repeats
     * after a restart are dropped by identity. Below {@link FollowedLog#MAX_BATCH_EVENTS}, so a full batch can be stored.
     */
    static final int MAX_HELD = FollowedLog.MAX_BATCH_EVENTS / 2;

    private final String fileName;
    private final String defaultHost;
    private final EventNormalizer normalizer;
    private final Consumer<ParseProblem> problems;
    private final RawLineParser parser = new RawLineParser();
    private final BeatEventParser beats = new BeatEventParser();
    private final EventReassembler reassembler;
    private final List<AuditEvent> cut = new ArrayList<>();
    private final List<AuditEvent> held = new ArrayList<>();
    private final Set<String> hosts = new TreeSet<>();
    private long cutOffset;
    private long cutLine;
    private long cutMalformed;
    private long lastOffset;
    private long lastLine;
    private long malformed;

    /** Lines from {@code offset} (a line's start; line {@code line} ends there) of the file read as {@code fileName}. */
    TailAssembler(String fileName, long offset, long line, String defaultHost, EventNormalizer normalizer,
                  Consumer<ParseProblem> problems) {
        this.fileName = fileName;
        this.defaultHost = defaultHost;
        this.normalizer = normalizer;
        this.problems = problems;
        this.reassembler = EventReassembler.withDefaults(this::closed);
        this.cutOffset = offset;
        this.lastOffset = offset;
        this.cutLine = line;
        this.lastLine = line;
    }

    /**
     * The events whose lines all lie before {@code offset} (the end of line {@code line}), not yet stored, and how
     * many of those lines were malformed.
     */
    record Cut(List<AuditEvent> events, long offset, long line, long malformed) {
    }

    /** Takes one whole line (without its newline), which ends at {@code endOffset} in the file. */
    void line(byte[] buf, int start, int length, long endOffset) {
        long number = ++lastLine;
        lastOffset = endOffset;
        if (number == 1 && length >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB
                && buf[start + 2] == (byte) 0xBF) {
            start += 3; // a UTF-8 byte-order mark
            length -= 3;
        }
        if (!isBlankOrComment(buf, start, length)) {
            if (isJson(buf, start, length)) {
                json(new String(buf, start, length, StandardCharsets.UTF_8), number);
            } else {
                raw(buf, start, length, number);
            }
        }
        if (reassembler.openEvents() == 0) {
            takeCut();
        } else if (held.size() > MAX_HELD) {
            cut.addAll(held);
            held.clear();
        }
    }

    /** A line too long to be an audit record, left out. */
    void overlong(long bytes, long endOffset) {
        lastLine++;
        lastOffset = endOffset;
        malformed("line of " + bytes + " bytes is too long; left out", null);
        if (reassembler.openEvents() == 0) {
            takeCut();
        }
    }

    /** Closes every open event: the file has been quiet, or has ended. */
    void flush() {
        reassembler.flush();
        takeCut();
    }

    /** The events up to the last cut, and the cut; they stay until {@link #stored}. */
    Cut pending() {
        return new Cut(List.copyOf(cut), cutOffset, cutLine, cutMalformed);
    }

    /** The pending cut's events are stored. */
    void stored(Cut stored) {
        cut.subList(0, stored.events().size()).clear();
    }

    /** Events read and not yet stored. */
    int unstored() {
        return cut.size() + held.size();
    }

    /** Who the malformed lines are of: the file's one host, or "" when it holds several. */
    String owner() {
        return hosts.size() == 1 ? hosts.iterator().next() : "";
    }

    private void takeCut() {
        cut.addAll(held);
        held.clear();
        cutOffset = lastOffset;
        cutLine = lastLine;
        cutMalformed = malformed;
    }

    private void raw(byte[] buf, int start, int length, long number) {
        LineResult result = parser.parse(buf, start, length, number);
        if (result instanceof LineResult.Parsed parsed) {
            hosts.add(parsed.record().node() != null ? parsed.record().node() : defaultHost);
            if (parsed.warning() != null) {
                problems.accept(ParseProblem.of(fileName, number, parsed.warning(), excerpt(buf, start, length)));
            }
            reassembler.accept(parsed.record());
        } else if (result instanceof LineResult.Rejected rejected) {
            malformed(rejected.reason(), excerpt(buf, start, length));
        }
    }

    private void json(String text, long number) {
        try {
            AuditEvent event = beats.parse(text);
            String host = event.getString("host.name");
            hosts.add(host == null ? defaultHost : host);
            held.add(event);
        } catch (IllegalArgumentException e) {
            malformed(e.getMessage(), text);
        }
    }

    private void closed(RecordGroup group) {
        try {
            held.add(normalizer.normalizeDeferringDetail(group, defaultHost, group.original()));
        } catch (RuntimeException e) {
            // records no rule foresaw: left out and said, as analyze does
            malformed("event " + group.serial() + " could not be normalised (" + e + "); left out", group.original());
        }
    }

    private void malformed(String reason, String text) {
        malformed++;
        problems.accept(ParseProblem.of(fileName, lastLine, reason, text));
    }

    private static String excerpt(byte[] buf, int start, int length) {
        return ByteText.decode(buf, start, Math.min(length, 120));
    }

    private static boolean isBlankOrComment(byte[] buf, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (buf[i] == '#') {
                return true;
            }
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Auditbeat JSON, as the reader tells it: the first character after blanks is '{'. */
    private static boolean isJson(byte[] buf, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return buf[i] == '{';
            }
        }
        return false;
    }
}

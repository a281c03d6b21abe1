package org.auditml.read;

import org.auditml.read.accounts.HostAccounts;
import org.auditml.read.beat.BeatEventParser;
import org.auditml.read.ecs.EventNormalizer;
import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawLineParser;
import org.auditml.read.raw.RawRecord;
import org.auditml.read.raw.RecordGroup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An event read back from the text it was read from ({@link AuditEvent#original}): an Auditbeat JSON line, or raw
 * record lines joined with '\n', which are parsed and normalised again as the reader did, giving an equal event. For
 * a store that keeps each event's original rather than its normalised fields. Not thread-safe: one per thread.
 */
public final class OriginalText {
    private final EventNormalizer normalizer;
    private final RawLineParser lineParser = new RawLineParser();
    private final BeatEventParser beatParser = new BeatEventParser();

    /** Names from the enriched log and root only. */
    public OriginalText() {
        this(HostAccounts.none());
    }

    /** Names as a reader with these hosts' files gives them (the files of the read that stored the events). */
    public OriginalText(HostAccounts accounts) {
        this.normalizer = EventNormalizer.withNames(accounts);
    }

    /**
     * The event of an original; {@code defaultHost} is {@code host.name} for raw records without {@code node=} (the
     * host the event was stored under).
     *
     * @throws IllegalArgumentException when the text is not an event's original
     */
    public AuditEvent event(String original, String defaultHost) {
        return isJson(original) ? beatParser.parse(original) : raw(original, defaultHost);
    }

    /** Whether an original is an Auditbeat JSON line (else it is raw record lines). */
    public static boolean isJson(String original) {
        for (int i = 0; i < original.length(); i++) {
            char ch = original.charAt(i);
            if (ch == '{') {
                return true;
            } else if (ch != ' ' && ch != '\t' && ch != '\r') {
                return false;
            }
        }
        return false;
    }

    private AuditEvent raw(String original, String defaultHost) {
        List<RawRecord> records = new ArrayList<>(8);
        int start = 0;
        while (start <= original.length()) {
            int end = original.indexOf('\n', start);
            if (end < 0) {
                end = original.length();
            }
            byte[] line = original.substring(start, end).getBytes(StandardCharsets.UTF_8);
            LineResult result = lineParser.parse(line, 0, line.length, 0);
            if (!(result instanceof LineResult.Parsed parsed)) {
                throw new IllegalArgumentException("not an event's original: " + ((LineResult.Rejected) result).reason());
            }
            records.add(parsed.record());
            start = end + 1;
        }
        RawRecord first = records.get(0);
        RecordGroup group = new RecordGroup(first.node(), first.timeMillis(), first.serial(), records,
                RecordGroup.Completion.END_OF_INPUT);
        return normalizer.normalize(group, defaultHost, original);
    }
}

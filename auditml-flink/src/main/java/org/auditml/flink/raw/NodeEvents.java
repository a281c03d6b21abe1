package org.auditml.flink.raw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.flink.state.Checkpointed;
import org.auditml.read.ReaderOptions;
import org.auditml.read.raw.EventReassembler;
import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawLineParser;
import org.auditml.read.raw.RawRecord;
import org.auditml.read.raw.RecordGroup;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's events being reassembled, as Flink keeps them: the reader's own reassembler while the task runs (its
 * window and cap on open events apply to the node's records, with the node's log time as its clock), and in a
 * checkpoint the open events' record lines and that clock, reopened on first use.
 */
public final class NodeEvents implements Checkpointed {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a checkpoint holds: each open event's record lines, in the order the events opened. */
    record Saved(List<List<String>> events, long latestMillis, long lastMillis) {
    }

    private EventReassembler live;
    private String checkpoint;
    private final List<RecordGroup> closed = new ArrayList<>();

    private NodeEvents(String checkpoint) {
        this.checkpoint = checkpoint;
    }

    static NodeEvents start() {
        return new NodeEvents(null);
    }

    static NodeEvents fromCheckpoint(String json) {
        return new NodeEvents(json);
    }

    /** Takes the node's next record; the events it closes wait in {@link #takeClosed}. */
    void accept(RawRecord record, ReaderOptions options) {
        reassembler(options).accept(record);
    }

    /** Closes every open event: the input has ended. */
    void flush(ReaderOptions options) {
        reassembler(options).flush();
    }

    /** The events closed since the last call, in the order they closed. */
    List<RecordGroup> takeClosed() {
        List<RecordGroup> out = List.copyOf(closed);
        closed.clear();
        return out;
    }

    private EventReassembler reassembler(ReaderOptions options) {
        if (live == null) {
            live = checkpoint == null
                    ? new EventReassembler(options.windowMillis(), options.maxOpenEvents(), closed::add)
                    : EventReassembler.reopen(options.windowMillis(), options.maxOpenEvents(), closed::add,
                    restore(checkpoint));
            checkpoint = null;
        }
        return live;
    }

    @Override
    public String checkpointJson() {
        if (live == null) {
            return checkpoint;
        }
        EventReassembler.Open open = live.open();
        List<List<String>> events = open.events().stream().map(records -> records.stream().map(NodeEvents::line)
                .toList()).toList();
        try {
            return JSON.writeValueAsString(new Saved(events, open.latestMillis(), open.lastMillis()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EventReassembler.Open restore(String json) {
        Saved saved;
        try {
            saved = JSON.readValue(json, Saved.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        RawLineParser parser = new RawLineParser();
        List<List<RawRecord>> events = new ArrayList<>();
        for (List<String> lines : saved.events()) {
            List<RawRecord> records = new ArrayList<>(lines.size());
            for (String line : lines) {
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                // each line was parsed into a record before it was saved
                records.add(((LineResult.Parsed) parser.parse(b, 0, b.length, 0)).record());
            }
            events.add(records);
        }
        return new EventReassembler.Open(events, saved.latestMillis(), saved.lastMillis());
    }

    /** A record's line: the lines come from text, so their bytes are UTF-8. */
    private static String line(RawRecord record) {
        byte[] b = new byte[record.lineLength()];
        record.copyLine(b, 0);
        return new String(b, StandardCharsets.UTF_8);
    }
}

package org.auditml.flink.raw;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.auditml.flink.state.LiveValues;
import org.auditml.read.AuditEvent;
import org.auditml.read.OriginalText;
import org.auditml.read.ReaderOptions;
import org.auditml.read.ecs.EcsJsonWriter;
import org.auditml.read.ecs.EventNormalizer;
import org.auditml.read.raw.LineResult;
import org.auditml.read.raw.RawLineParser;
import org.auditml.read.raw.RecordGroup;

import java.nio.charset.StandardCharsets;

/**
 * Raw audit lines, keyed by node, into normalised events: each node's records are reassembled by the reader's own
 * reassembler (an event closes on its last record, once the node's log has moved on by auditd's window, or when too
 * many are open) and normalised as {@code analyze} normalises a raw log; each event goes on as the Auditbeat JSON line
 * that reads back to it. At the end of a bounded input every node's open events close. A JSON line among the raw
 * ones goes on as it is (a file may hold both, as the reader allows); comments and blank lines are skipped, and
 * lines that are no record, or events no rule can normalise, are counted and left out.
 */
public final class ReassembleEvents extends KeyedProcessFunction<String, String, String> {
    private final RawReading reading;
    private transient ReaderOptions options;
    private transient EventNormalizer normalizer;
    private transient RawLineParser parser;
    private transient LiveValues<NodeEvents> state;
    private transient Counter malformed;
    private transient Counter notNormalised;

    public ReassembleEvents(RawReading reading) {
        this.reading = reading;
    }

    @Override
    public void open(OpenContext context) {
        options = reading.options();
        normalizer = EventNormalizer.withNames(options.accounts());
        parser = new RawLineParser();
        state = new LiveValues<>(getRuntimeContext().getState(new ValueStateDescriptor<>("open events",
                new NodeEventsSerializer())));
        malformed = getRuntimeContext().getMetricGroup().counter("malformedLines");
        notNormalised = getRuntimeContext().getMetricGroup().counter("eventsNotNormalised");
    }

    @Override
    public void processElement(String line, Context ctx, Collector<String> out) throws Exception {
        if (isBlankOrComment(line)) {
            return;
        }
        if (OriginalText.isJson(line)) {
            out.collect(line);
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        // a line longer than the reader's limit is cut to it, as the reader cuts it
        if (!(parser.parse(bytes, 0, Math.min(bytes.length, options.maxLineBytes()), 0)
                instanceof LineResult.Parsed parsed)) {
            malformed.inc();
            return;
        }
        NodeEvents events = state.get(ctx.getCurrentKey());
        if (events == null) {
            events = NodeEvents.start();
            // a bounded input's end moves event time to its maximum: the node's open events close then
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        events.accept(parsed.record(), options);
        emit(events, out);
        state.put(ctx.getCurrentKey(), events);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        NodeEvents events = state.get(ctx.getCurrentKey());
        events.flush(options);
        emit(events, out);
        state.clear(ctx.getCurrentKey());
    }

    private void emit(NodeEvents events, Collector<String> out) {
        for (RecordGroup group : events.takeClosed()) {
            AuditEvent event;
            try {
                event = normalizer.normalize(group, options.defaultHost(), null);
            } catch (RuntimeException e) {
                notNormalised.inc(); // records no rule foresaw: left out, as the reader leaves them out
                continue;
            }
            out.collect(EcsJsonWriter.toJson(event));
        }
    }

    /** As the reader skips them: blank, or '#' first. */
    private static boolean isBlankOrComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}

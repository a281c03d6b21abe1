package org.auditml.flink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.auditml.flink.event.EventTimeWatermarks;
import org.auditml.flink.event.PartitionedEvent;
import org.auditml.flink.event.RouteToJobs;
import org.auditml.flink.raw.RawLineNode;
import org.auditml.flink.raw.RawReading;
import org.auditml.flink.raw.ReassembleEvents;
import org.auditml.flink.score.ScoreBuckets;
import org.auditml.flink.series.PartitionSeries;

import java.nio.file.Path;
import java.util.List;

/**
 * The Flink job: Auditbeat JSON lines → the jobs whose datafeeds take each event, keyed by job and partition value →
 * each key's series, closing buckets on event time → the job-wide scoring → Elastic's result documents. The lines
 * are read, and event time taken, in input order (one task), so that what is late is late as on one machine; the
 * series and the scoring run at the environment's parallelism.
 */
public final class AuditmlFlinkJob {
    private AuditmlFlinkJob() {
    }

    /** The result documents of {@code jobs} over Auditbeat JSON {@code lines}. */
    public static DataStream<String> results(DataStream<String> lines, JobSet jobs) {
        // uids: a savepoint's state finds its operator by them, whatever else of the job changes
        return lines.flatMap(new RouteToJobs(jobs)).name("route to jobs").uid("route-to-jobs")
                .setParallelism(lines.getParallelism())
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<PartitionedEvent>forGenerator(c -> new EventTimeWatermarks())
                        .withTimestampAssigner((e, previous) -> e.time))
                .name("event time").uid("event-time").setParallelism(lines.getParallelism())
                .filter(PartitionedEvent::taken).name("taken events").uid("taken-events")
                .setParallelism(lines.getParallelism())
                .keyBy(PartitionedEvent::seriesKey)
                .process(new PartitionSeries(jobs)).name("series per partition").uid("series-per-partition")
                .keyBy(p -> p.jobId)
                .process(new ScoreBuckets(jobs)).name("job-wide scoring").uid("job-wide-scoring");
    }

    /**
     * Lines read each in its own format, as {@code analyze} reads a file, for {@link #results}: raw audit records
     * ({@code node=}-prefixed or not) become the Auditbeat JSON lines of their events, each node's records reassembled
     * and normalised as the reader does; Auditbeat JSON lines go on as they are. One task, keyed by node, so that the
     * events leave in the order the lines came, as event time needs.
     */
    public static DataStream<String> rawEvents(DataStream<String> rawLines, RawReading reading) {
        return rawLines.keyBy(new RawLineNode())
                .process(new ReassembleEvents(reading)).name("raw events per node").uid("raw-events-per-node")
                .setParallelism(rawLines.getParallelism());
    }

    /** The lines of Auditbeat JSON files, read one file after another by one task. */
    public static DataStream<String> fileLines(StreamExecutionEnvironment env, List<Path> files) {
        org.apache.flink.core.fs.Path[] paths = files.stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toUri())).toArray(org.apache.flink.core.fs.Path[]::new);
        return env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), paths).build(),
                WatermarkStrategy.noWatermarks(), "Auditbeat files").setParallelism(1);
    }
}

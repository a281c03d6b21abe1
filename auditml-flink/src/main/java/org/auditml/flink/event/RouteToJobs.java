package org.auditml.flink.event;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.auditml.audit.AuditEventView;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.Job;
import org.auditml.engine.module.Module;
import org.auditml.flink.JobSet;
import org.auditml.read.AuditEvent;
import org.auditml.read.beat.BeatEventParser;

import java.util.List;
import java.util.Objects;

/**
 * Reads each Auditbeat JSON line as auditml-read does and sends it to every job whose datafeed takes it, keyed by the
 * job's partition value; a line no job takes still goes on, without a job, to move event time on (as the one-machine
 * run closes buckets on every event it reads). Lines that are not events are counted and dropped.
 */
public final class RouteToJobs extends RichFlatMapFunction<String, PartitionedEvent> {
    private final JobSet jobs;
    private transient List<Module.SetUpJob> setUp;
    private transient List<String> partitionFields;
    private transient BeatEventParser parser;
    private transient Counter malformed;

    public RouteToJobs(JobSet jobs) {
        this.jobs = jobs;
    }

    @Override
    public void open(OpenContext context) {
        setUp = jobs.setUp();
        partitionFields = setUp.stream().map(s -> partitionField(s.job())).toList();
        parser = new BeatEventParser();
        malformed = getRuntimeContext().getMetricGroup().counter("malformedLines");
    }

    /**
     * The field a job's series can be split by: the partition field all its detectors share. A job whose detectors
     * are not all split by one field runs as one key.
     */
    private static String partitionField(Job job) {
        List<Detector> detectors = job.analysisConfig().detectors();
        String field = detectors.get(0).partitionFieldName();
        for (Detector d : detectors) {
            if (field == null || !field.equals(d.partitionFieldName())) {
                return null;
            }
        }
        return field;
    }

    @Override
    public void flatMap(String line, Collector<PartitionedEvent> out) {
        if (line.isBlank()) {
            return;
        }
        AuditEvent event;
        try {
            event = parser.parse(line);
        } catch (IllegalArgumentException e) {
            malformed.inc();
            return;
        }
        AuditEventView view = new AuditEventView(event);
        boolean taken = false;
        for (int i = 0; i < setUp.size(); i++) {
            Module.SetUpJob s = setUp.get(i);
            if (s.datafeed().matches(view)) {
                String field = partitionFields.get(i);
                // any grouping of whole partitions gives the same results: events without the field share a key
                String partition = field == null ? "" : Objects.toString(view.field(field), "");
                out.collect(new PartitionedEvent(s.job().jobId(), partition, event.timestampMillis(), line));
                taken = true;
            }
        }
        if (!taken) {
            out.collect(new PartitionedEvent(null, null, event.timestampMillis(), null));
        }
    }
}

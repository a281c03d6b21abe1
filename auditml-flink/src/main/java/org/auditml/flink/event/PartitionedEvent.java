package org.auditml.flink.event;

/**
 * An Auditbeat event on its way to one job's series: the job, the value of the job's partition field (the key), its
 * time and its JSON line. An event no job takes travels without a job, only to move event time on.
 */
public class PartitionedEvent {
    /** Between the job and the partition value in a key: no job id has it. */
    private static final char SEPARATOR = '\u0000';

    public String jobId;
    public String partition;
    public long time;
    public String line;

    public PartitionedEvent() {
    }

    public PartitionedEvent(String jobId, String partition, long time, String line) {
        this.jobId = jobId;
        this.partition = partition;
        this.time = time;
        this.line = line;
    }

    /** The key of the series that take it: the job and its partition value. */
    public String seriesKey() {
        return jobId + SEPARATOR + partition;
    }

    /** The job of a series key. */
    public static String jobOf(String seriesKey) {
        return seriesKey.substring(0, seriesKey.indexOf(SEPARATOR));
    }

    public boolean taken() {
        return jobId != null;
    }
}

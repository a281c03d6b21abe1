package org.auditml.flink.series;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.audit.LinuxRarityContext;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.job.Job;
import org.auditml.engine.series.JobSeries;
import org.auditml.engine.snapshot.JobState;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One key's series of a job (one host's, for a job partitioned by host) as Flink keeps them: live while the task runs,
 * as the engine's snapshot ({@link JobState} JSON) when checkpointed, restored on first use. Like a resumed job on one
 * machine, restored series start with an empty rarity context.
 */
public final class KeySeries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobSeries live;
    private String snapshot;
    /** The first bucket the series have not closed yet. */
    private long nextBucket;
    private final List<SeriesBucket> closed = new ArrayList<>();

    private KeySeries(JobSeries live, String snapshot, long nextBucket) {
        this.live = live;
        this.snapshot = snapshot;
        this.nextBucket = nextBucket;
    }

    /** New series of {@code job}, starting at the bucket of {@code firstEvent}. */
    static KeySeries start(Job job, long firstEvent) {
        KeySeries s = new KeySeries(null, null, bucketOf(job, firstEvent));
        s.live = new JobSeries(job, new LinuxRarityContext(), s::closed, () -> 0);
        return s;
    }

    static KeySeries fromSnapshot(String snapshot, long nextBucket) {
        return new KeySeries(null, snapshot, nextBucket);
    }

    static long bucketOf(Job job, long time) {
        long span = job.analysisConfig().bucketSpan().toMillis();
        return Math.floorDiv(time, span) * span;
    }

    private void closed(SeriesBucket bucket) {
        closed.add(bucket);
        nextBucket = bucket.start() + live.spanMillis();
    }

    /** The series, restored from the snapshot first when they come from one. */
    JobSeries series(Job job) {
        if (live == null) {
            try {
                live = JobSeries.restore(job, new LinuxRarityContext(), JSON.readValue(snapshot, JobState.class),
                        this::closed, () -> 0);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("a checkpointed series of job [" + job.jobId() + "] cannot be read: "
                        + e.getOriginalMessage(), e);
            }
            snapshot = null;
        }
        return live;
    }

    /** The buckets closed since the last call. */
    List<SeriesBucket> takeClosed() {
        List<SeriesBucket> out = List.copyOf(closed);
        closed.clear();
        return out;
    }

    long nextBucket() {
        return nextBucket;
    }

    /** The engine's snapshot of the series (without the job-wide normalisers, which the scoring stage keeps). */
    String snapshot() {
        if (live == null) {
            return snapshot;
        }
        try {
            return JSON.writeValueAsString(live.toState(Map.of()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

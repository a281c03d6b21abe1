package org.auditml.flink.series;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.audit.LinuxRarityContext;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.job.Job;
import org.auditml.engine.series.JobRules;
import org.auditml.engine.series.JobSeries;
import org.auditml.engine.snapshot.JobState;
import org.auditml.flink.event.BucketTimes;
import org.auditml.flink.state.Checkpointed;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One key's series of a job (one host's, for a job partitioned by host) as Flink keeps them: live while the task runs,
 * as the engine's snapshot ({@link JobState}) in a checkpoint, restored on first use. Like a resumed job on one
 * machine, restored series start with an empty rarity context.
 */
public final class KeySeries implements Checkpointed {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a checkpoint holds. */
    record Saved(long nextBucket, JobState state) {
    }

    private JobSeries live;
    private String checkpoint;
    /** The first bucket the series have not closed yet. */
    private long nextBucket;
    private final List<SeriesBucket> closed = new ArrayList<>();

    private KeySeries(JobSeries live, String checkpoint, long nextBucket) {
        this.live = live;
        this.checkpoint = checkpoint;
        this.nextBucket = nextBucket;
    }

    /** New series of {@code job}, starting at the bucket of {@code firstEvent}. */
    static KeySeries start(Job job, long firstEvent) {
        KeySeries s = new KeySeries(null, null, BucketTimes.bucketOf(job, firstEvent));
        s.live = new JobSeries(job, new LinuxRarityContext(), rules(job), s::closed, () -> 0);
        return s;
    }

    /** The job's custom rules (those without filters: {@code JobSet} refuses the others), as analyze applies them. */
    private static JobRules rules(Job job) {
        return JobRules.of(job, Map.of(), List.of());
    }

    static KeySeries fromCheckpoint(String json) {
        return new KeySeries(null, json, 0);
    }

    private void closed(SeriesBucket bucket) {
        closed.add(bucket);
        nextBucket = bucket.start() + live.spanMillis();
    }

    /** The series, restored from the checkpoint first when they come from one. */
    JobSeries series(Job job) {
        if (live == null) {
            try {
                Saved saved = JSON.readValue(checkpoint, Saved.class);
                nextBucket = saved.nextBucket();
                live = JobSeries.restore(job, new LinuxRarityContext(), rules(job), saved.state(),
                        this::closed, () -> 0);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("a checkpointed series of job [" + job.jobId() + "] cannot be read: "
                        + e.getOriginalMessage(), e);
            }
            checkpoint = null;
        }
        return live;
    }

    /** The buckets closed since the last call. */
    List<SeriesBucket> takeClosed() {
        List<SeriesBucket> out = List.copyOf(closed);
        closed.clear();
        return out;
    }

    /** The first bucket not closed yet (the series must have been used since a restore). */
    long nextBucket() {
        return nextBucket;
    }

    /** The engine's snapshot of the series (without the job-wide normalisers, which the scoring stage keeps). */
    @Override
    public String checkpointJson() {
        if (live == null) {
            return checkpoint;
        }
        try {
            return JSON.writeValueAsString(new Saved(nextBucket, live.toState(Map.of())));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.auditml.engine;

import org.auditml.engine.model.CountModel;
import org.auditml.engine.model.MetricModel;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.score.ScoreNormalizer;

import java.util.List;
import java.util.Map;

/**
 * A job's whole model state: what a model snapshot holds. Restoring it and going on gives the same results as never
 * having stopped. Plain records, written and read as JSON with a {@code version}.
 */
public record JobState(int version, String jobId, long closedBefore, long lateEvents, long processedEvents,
                       String memoryStatus, long allocationFailures, long lastBucketStart,
                       List<Bucket> openBuckets, List<List<Rare>> rareModels, List<List<Count>> countModels,
                       List<List<Metric>> metricModels, List<List<Time>> timeModels,
                       Map<Integer, Map<String, List<String>>> populations,
                       Map<String, ScoreNormalizer.State> normalizers) {
    public static final int VERSION = 1;

    /** An open bucket: start, events, and per detector its series. */
    public record Bucket(long start, long eventCount, List<List<Series>> series) {
    }

    /** One series of an open bucket. */
    public record Series(String partition, String by, double count, double sum, double min, double max, long values,
                         Map<String, List<String>> influencers, Map<String, List<String>> context,
                         String over, List<String> distinct, long[] times, double sumSquares) {
    }

    /** One series' time-of-day or time-of-week model. */
    public record Time(String partition, String over, String by, RareModel.State state) {
    }

    /** One series' metric model. */
    public record Metric(String partition, String by, MetricModel.State state) {
    }

    /** One partition's rare model. */
    public record Rare(String partition, RareModel.State state) {
    }

    /** One series' count model. */
    public record Count(String partition, String by, CountModel.State state) {
    }
}

package org.auditml.engine.snapshot;

import org.auditml.engine.model.ContextualModel;
import org.auditml.engine.model.CountModel;
import org.auditml.engine.model.MetricModel;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.score.ScoreNormalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's whole model state: what a model snapshot holds. Restoring it and going on gives the same results as never
 * having stopped. Plain records, written and read as JSON with a {@code version}.
 */
public record JobState(int version, String jobId, long closedBefore, long lateEvents, long processedEvents,
                       String memoryStatus, long allocationFailures, long lastBucketStart,
                       List<Bucket> openBuckets, List<List<Rare>> rareModels, List<List<Count>> countModels,
                       List<List<Metric>> metricModels, List<List<Time>> timeModels,
                       Map<Integer, Map<String, List<String>>> populations,
                       Map<String, ScoreNormalizer.State> normalizers, Map<Integer, Frequent> frequent,
                       List<List<Contextual>> contextualModels) {
    /** 2: metric models per feature and over value, population keys that tell a null partition from "null". */
    public static final int VERSION = 2;

    /** An open bucket: start, events, and per detector its series. */
    public record Bucket(long start, long eventCount, List<List<Series>> series) {
    }

    /** One series of an open bucket. */
    public record Series(String partition, String by, double count, double sum, double min, double max, double values,
                         Map<String, List<String>> influencers, Map<String, List<String>> context,
                         String over, List<String> distinct, long[] times, double sumSquares, double[] samples) {
    }

    /** One series' time-of-day or time-of-week model. */
    public record Time(String partition, String over, String by, RareModel.State state) {
    }

    /**
     * One series' metric model.
     *
     * @param feature which statistic the model follows when a detector models several ({@code metric}: min, mean,
     *                max); null for the detector's own
     */
    public record Metric(String partition, String by, MetricModel.State state, String over, String feature) {
    }

    /** A detector's exclude_frequent tracker: decayed buckets and presence per partition and value. */
    public record Frequent(Map<String, Double> buckets, Map<String, Long> seen, Map<String, Double> presence) {
    }

    /** One series' contextual model (auditml_model contextual); absent from snapshots written before it existed. */
    public record Contextual(String partition, String by, ContextualModel.State state) {
    }

    /** One partition's rare model. */
    public record Rare(String partition, RareModel.State state) {
    }

    /** One series' count model. */
    public record Count(String partition, String by, CountModel.State state) {
    }

    /** Collects each detector's model slots while a job writes its snapshot. */
    public static final class Builder {
        public final List<List<Rare>> rare = new ArrayList<>();
        public final List<List<Count>> count = new ArrayList<>();
        public final List<List<Metric>> metric = new ArrayList<>();
        public final List<List<Time>> time = new ArrayList<>();
        public final List<List<Contextual>> contextual = new ArrayList<>();
        public final Map<Integer, Map<String, List<String>>> populations = new TreeMap<>();

        public Builder(int detectors) {
            for (int i = 0; i < detectors; i++) {
                rare.add(new ArrayList<>());
                count.add(new ArrayList<>());
                metric.add(new ArrayList<>());
                time.add(new ArrayList<>());
                contextual.add(new ArrayList<>());
            }
        }

        public List<Rare> rare(int detector) {
            return rare.get(detector);
        }

        public List<Count> count(int detector) {
            return count.get(detector);
        }

        public List<Metric> metric(int detector) {
            return metric.get(detector);
        }

        public List<Time> time(int detector) {
            return time.get(detector);
        }

        public List<Contextual> contextual(int detector) {
            return contextual.get(detector);
        }

        public void population(int detector, Map<String, List<String>> entitiesByAttribute) {
            populations.put(detector, entitiesByAttribute);
        }
    }
}

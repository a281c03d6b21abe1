package org.auditml.engine;

import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.job.Job;
import org.auditml.engine.model.CountModel;
import org.auditml.engine.model.MetricModel;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.model.RarityContext;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.ModelPlot;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.RawScore;
import org.auditml.engine.score.ScoreNormalizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs one job over events that arrive in time order: events are gathered into buckets of {@code bucket_span}; a
 * bucket closes once the events have moved {@code latency} past its end (later ones are dropped and counted); closing
 * a bucket asks each detector's models how likely the bucket was, turns probabilities into scores normalised against
 * the job's history, and yields Elastic's bucket, record and influencer results.
 *
 * <p>Functions implemented so far: the count family ({@code count}, {@code high_count}, {@code low_count} and the
 * {@code non_zero} variants) and individual {@code rare}; others are refused when the job is opened. No wall clock:
 * {@code processing_time_ms} is 0, and the same events give the same results.
 */
public final class AnomalyJob {
    private static final Set<DetectorFunction> METRIC_FUNCTIONS = java.util.EnumSet.of(DetectorFunction.MEAN,
            DetectorFunction.HIGH_MEAN, DetectorFunction.LOW_MEAN, DetectorFunction.MIN, DetectorFunction.MAX,
            DetectorFunction.SUM, DetectorFunction.HIGH_SUM, DetectorFunction.LOW_SUM, DetectorFunction.MEDIAN,
            DetectorFunction.HIGH_MEDIAN, DetectorFunction.LOW_MEDIAN, DetectorFunction.VARP,
            DetectorFunction.HIGH_VARP, DetectorFunction.LOW_VARP);

    /** Records of a model still learning are held below the minor band. */
    static final double LEARNING_SCORE_CAP = 24;

    private final Job job;
    private final long spanMillis;
    private final long latencyMillis;
    private final List<Detector> detectors;
    private final List<String> influencers;
    private final TreeMap<Long, OpenBucket> open = new TreeMap<>();
    private long closedBefore = Long.MIN_VALUE;
    private long lateEvents;
    private long processedEvents;
    private final List<Map<String, RareModel>> rareModels = new ArrayList<>();
    private final List<Map<SeriesKey, CountModel>> countModels = new ArrayList<>();
    private final List<Map<SeriesKey, MetricModel>> metricModels = new ArrayList<>();
    private final List<Map<SeriesKey, RareModel>> timeModels = new ArrayList<>();
    private final Map<String, ScoreNormalizer> normalizers = new TreeMap<>();
    private final long memoryLimitBytes;
    private final boolean usesContext;
    private MemoryStatus memoryStatus = MemoryStatus.OK;
    private long allocationFailures;
    private long lastBucketStart;

    /** Elastic's memory states: at the soft limit old entities are pruned, at the hard limit new ones are refused. */
    public enum MemoryStatus {
        OK, SOFT_LIMIT, HARD_LIMIT;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Share of the limit at which pruning starts. */
    static final double SOFT_LIMIT_SHARE = 0.7;

    public AnomalyJob(Job job) {
        this.job = job;
        this.spanMillis = job.analysisConfig().bucketSpan().toMillis();
        this.latencyMillis = job.analysisConfig().latency().toMillis();
        this.detectors = job.analysisConfig().detectors();
        this.influencers = job.analysisConfig().influencers();
        this.memoryLimitBytes = job.modelMemoryLimitBytes();
        this.usesContext = job.analysisConfig().usesContext();
        List<ConfigException.Problem> unsupported = new ArrayList<>();
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            String at = "analysis_config.detectors[" + i + "]";
            boolean supported = d.function().isCount() || d.function() == DetectorFunction.RARE
                    || METRIC_FUNCTIONS.contains(d.function())
                    || d.function().family() == DetectorFunction.Family.DISTINCT_COUNT
                    || d.function().family() == DetectorFunction.Family.INFO_CONTENT
                    || d.function().family() == DetectorFunction.Family.TIME;
            if (!supported) {
                unsupported.add(new ConfigException.Problem(at + ".function", "'" + d.function()
                        + "' is not implemented in auditml yet (count, distinct_count, info_content, rare, time_of_day, "
                        + "time_of_week, mean, min, max, sum, median, varp are)"));
            } else if (d.overFieldName() != null && d.function().family() == DetectorFunction.Family.TIME) {
                unsupported.add(new ConfigException.Problem(at + ".over_field_name",
                        "population analysis (over) of time functions is not implemented in auditml yet"));
            }
            rareModels.add(new TreeMap<>());
            countModels.add(new TreeMap<>());
            metricModels.add(new TreeMap<>());
            timeModels.add(new TreeMap<>());
        }
        if (!unsupported.isEmpty()) {
            throw new ConfigException(unsupported);
        }
    }

    public Job job() {
        return job;
    }

    /** Adds an event; returns the results of the buckets its time closes. */
    public List<Result> accept(EventView event) {
        long t = event.timestampMillis();
        List<Result> results = advanceTo(t);
        long start = Math.floorDiv(t, spanMillis) * spanMillis;
        if (start < closedBefore) {
            lateEvents++;
            return results;
        }
        processedEvents++;
        OpenBucket bucket = open.computeIfAbsent(start, s -> new OpenBucket(s, detectors.size()));
        bucket.eventCount++;
        Map<String, String> influencerValues = new TreeMap<>();
        for (String field : influencers) {
            String v = event.field(field);
            if (v != null) {
                influencerValues.put(field, v);
            }
        }
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            String partition = d.partitionFieldName() == null ? null : event.field(d.partitionFieldName());
            String over = d.overFieldName() == null ? null : event.field(d.overFieldName());
            String by = d.byFieldName() == null ? null : event.field(d.byFieldName());
            if ((d.partitionFieldName() != null && partition == null && !d.useNull())
                    || (d.overFieldName() != null && over == null && !d.useNull())
                    || (d.byFieldName() != null && by == null && !d.useNull())) {
                continue; // Elastic leaves out events without the split fields unless use_null is set
            }
            double value = Double.NaN;
            if (d.function().family() == DetectorFunction.Family.METRIC) {
                value = number(event.field(d.fieldName()));
                if (Double.isNaN(value)) {
                    continue; // no value: a metric function ignores the event
                }
            }
            OpenBucket.SeriesData data = bucket.series.get(i).computeIfAbsent(new SeriesKey(partition, over, by),
                    k -> new OpenBucket.SeriesData());
            DetectorFunction.Family family = d.function().family();
            if (family == DetectorFunction.Family.DISTINCT_COUNT || family == DetectorFunction.Family.INFO_CONTENT) {
                String v = event.field(d.fieldName());
                if (v == null) {
                    continue;
                }
                data.addDistinct(v);
            } else if (family == DetectorFunction.Family.TIME) {
                data.addTime(t);
            }
            data.add(1, influencerValues);
            if (usesContext && d.function() == DetectorFunction.RARE) {
                data.addContext("user.name", event.field("user.name"));
                data.addContext("user.id", event.field("user.id"));
                String line = event.field("process.title");
                data.addContext("process.title", line != null ? line : event.field("process.args"));
            }
            if (!Double.isNaN(value)) {
                data.addValue(value);
            }
        }
        return results;
    }

    private static double number(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Closes every bucket that ends, latency included, at or before {@code timeMillis}. */
    public List<Result> advanceTo(long timeMillis) {
        List<Result> results = new ArrayList<>();
        while (!open.isEmpty() && open.firstKey() + spanMillis + latencyMillis <= timeMillis) {
            results.addAll(close(open.pollFirstEntry().getValue()));
        }
        // empty buckets between the last closed and now still age the models and count as zeros
        long currentStart = Math.floorDiv(timeMillis - latencyMillis, spanMillis) * spanMillis;
        if (closedBefore != Long.MIN_VALUE) {
            while (closedBefore < currentStart && (open.isEmpty() || closedBefore < open.firstKey())) {
                results.addAll(close(new OpenBucket(closedBefore, detectors.size())));
            }
        }
        return results;
    }

    /** Closes all open buckets (end of input). */
    public List<Result> flush() {
        List<Result> results = new ArrayList<>();
        while (!open.isEmpty()) {
            results.addAll(close(open.pollFirstEntry().getValue()));
        }
        return results;
    }

    /** The job's whole state, for a model snapshot. */
    public JobState toState() {
        List<JobState.Bucket> buckets = new ArrayList<>();
        for (OpenBucket b : open.values()) {
            List<List<JobState.Series>> series = new ArrayList<>();
            for (Map<SeriesKey, OpenBucket.SeriesData> perDetector : b.series) {
                List<JobState.Series> list = new ArrayList<>();
                perDetector.forEach((k, d) -> {
                    Map<String, List<String>> inf = new TreeMap<>();
                    d.influencers.forEach((f, v) -> inf.put(f, List.copyOf(v)));
                    Map<String, List<String>> ctx = new TreeMap<>();
                    d.context.forEach((f, v) -> ctx.put(f, List.copyOf(v)));
                    list.add(new JobState.Series(k.partition(), k.by(), d.count, d.sum, d.min, d.max, d.values, inf, ctx,
                            k.over(), List.copyOf(d.distinct), d.times().clone(), d.sumSquares));
                });
                series.add(list);
            }
            buckets.add(new JobState.Bucket(b.start, b.eventCount, series));
        }
        List<List<JobState.Rare>> rare = new ArrayList<>();
        for (Map<String, RareModel> models : rareModels) {
            List<JobState.Rare> list = new ArrayList<>();
            models.forEach((k, m) -> list.add(new JobState.Rare(unkey(k), m.toState())));
            rare.add(list);
        }
        List<List<JobState.Count>> count = new ArrayList<>();
        for (Map<SeriesKey, CountModel> models : countModels) {
            List<JobState.Count> list = new ArrayList<>();
            models.forEach((k, m) -> list.add(new JobState.Count(k.partition(), k.by(), m.toState())));
            count.add(list);
        }
        List<List<JobState.Metric>> metric = new ArrayList<>();
        for (Map<SeriesKey, MetricModel> models : metricModels) {
            List<JobState.Metric> list = new ArrayList<>();
            models.forEach((k, m) -> list.add(new JobState.Metric(k.partition(), k.by(), m.toState())));
            metric.add(list);
        }
        List<List<JobState.Time>> time = new ArrayList<>();
        for (Map<SeriesKey, RareModel> models : timeModels) {
            List<JobState.Time> list = new ArrayList<>();
            models.forEach((k, m) -> list.add(new JobState.Time(k.partition(), k.over(), k.by(), m.toState())));
            time.add(list);
        }
        Map<Integer, Map<String, List<String>>> pops = new TreeMap<>();
        populations.forEach((d, m) -> {
            Map<String, List<String>> copy = new TreeMap<>();
            m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            pops.put(d, copy);
        });
        Map<String, ScoreNormalizer.State> norms = new TreeMap<>();
        normalizers.forEach((k, n) -> norms.put(k, n.toState()));
        return new JobState(JobState.VERSION, job.jobId(), closedBefore, lateEvents, processedEvents,
                memoryStatus.name(), allocationFailures, lastBucketStart, buckets, rare, count, metric, time, pops, norms);
    }

    /** A job that goes on from a snapshot. */
    public static AnomalyJob restore(Job job, JobState state) {
        if (state.version() != JobState.VERSION) {
            throw new IllegalArgumentException("snapshot version " + state.version() + " is not " + JobState.VERSION);
        }
        AnomalyJob j = new AnomalyJob(job);
        if (state.rareModels().size() != j.detectors.size() || state.countModels().size() != j.detectors.size()) {
            throw new IllegalArgumentException("snapshot of job [" + state.jobId() + "] has "
                    + state.rareModels().size() + " detectors, the job " + j.detectors.size());
        }
        j.closedBefore = state.closedBefore();
        j.lateEvents = state.lateEvents();
        j.processedEvents = state.processedEvents();
        j.memoryStatus = MemoryStatus.valueOf(state.memoryStatus());
        j.allocationFailures = state.allocationFailures();
        j.lastBucketStart = state.lastBucketStart();
        for (JobState.Bucket b : state.openBuckets()) {
            OpenBucket bucket = new OpenBucket(b.start(), j.detectors.size());
            bucket.eventCount = b.eventCount();
            for (int i = 0; i < b.series().size(); i++) {
                for (JobState.Series s : b.series().get(i)) {
                    OpenBucket.SeriesData d = new OpenBucket.SeriesData();
                    d.count = s.count();
                    d.sum = s.sum();
                    d.sumSquares = s.sumSquares();
                    d.min = s.min();
                    d.max = s.max();
                    d.values = s.values();
                    s.influencers().forEach((f, v) -> d.influencers.put(f, new TreeSet<>(v)));
                    s.context().forEach((f, v) -> d.context.put(f, new TreeSet<>(v)));
                    s.distinct().forEach(d::addDistinct);
                    for (long t : s.times()) {
                        d.addTime(t);
                    }
                    bucket.series.get(i).put(new SeriesKey(s.partition(), s.over(), s.by()), d);
                }
            }
            j.open.put(b.start(), bucket);
        }
        for (int i = 0; i < j.detectors.size(); i++) {
            for (JobState.Rare r : state.rareModels().get(i)) {
                j.rareModels.get(i).put(key(r.partition()), RareModel.fromState(r.state()));
            }
            for (JobState.Count c : state.countModels().get(i)) {
                j.countModels.get(i).put(new SeriesKey(c.partition(), c.by()), CountModel.fromState(c.state()));
            }
            for (JobState.Metric m : state.metricModels().get(i)) {
                j.metricModels.get(i).put(new SeriesKey(m.partition(), m.by()), MetricModel.fromState(m.state()));
            }
            for (JobState.Time t : state.timeModels().get(i)) {
                j.timeModels.get(i).put(new SeriesKey(t.partition(), t.over(), t.by()), RareModel.fromState(t.state()));
            }
        }
        state.populations().forEach((d, m) -> {
            Map<String, Set<String>> copy = j.population(d);
            m.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
        });
        state.normalizers().forEach((k, n) -> j.normalizers.put(k, ScoreNormalizer.fromState(n)));
        return j;
    }

    /**
     * Renormalises earlier records against the scale as it stands now (Elastic does this when a scope's largest score
     * grows): each record's score is recomputed from its probability; {@code initial_record_score} stays. Returns the
     * records whose score moved by at least {@code minChange}.
     */
    public List<AnomalyRecord> renormalize(List<AnomalyRecord> records, double minChange) {
        List<AnomalyRecord> changed = new ArrayList<>();
        for (AnomalyRecord r : records) {
            if (Boolean.TRUE.equals(r.learning())) {
                continue;
            }
            ScoreNormalizer n = normalizers.get(scope(r.detectorIndex(), new SeriesKey(r.partitionFieldValue(), r.byFieldValue())));
            if (n == null) {
                continue;
            }
            double score = round(Math.min(n.normalize(RawScore.of(r.probability())), RawScore.scoreCap(r.probability())));
            if (Math.abs(score - r.recordScore()) >= minChange) {
                changed.add(r.withRecordScore(score));
            }
        }
        return changed;
    }

    /** Events that came after their bucket had closed. */
    public long lateEvents() {
        return lateEvents;
    }

    public long processedEvents() {
        return processedEvents;
    }

    /** A scored anomaly before it becomes a record. */
    private record Candidate(int detector, SeriesKey key, double probability, double raw, double actual,
                             double typical, String reason, AnomalyRecord.Explanation explanation, boolean learning,
                             OpenBucket.SeriesData data, Double multiBucketImpact) {
    }

    /** False at the hard limit: a new entity is refused and counted. */
    private boolean mayAllocate() {
        if (memoryStatus == MemoryStatus.HARD_LIMIT) {
            allocationFailures++;
            return false;
        }
        return true;
    }

    /** Model memory now, approximately: models, normalisers, open buckets. */
    public long modelBytes() {
        long bytes = sizeOf(rareModels, RareModel::sizeBytes) + sizeOf(countModels, CountModel::sizeBytes)
                + sizeOf(metricModels, MetricModel::sizeBytes) + sizeOf(timeModels, RareModel::sizeBytes);
        for (Map<String, Set<String>> pop : populations.values()) {
            for (Map.Entry<String, Set<String>> e : pop.entrySet()) {
                bytes += 64 + 2L * e.getKey().length() + 56L * e.getValue().size();
            }
        }
        return bytes + normalizers.size() * 8_200L;
    }

    private static <M> long sizeOf(List<? extends Map<?, M>> perDetector, java.util.function.ToLongFunction<M> size) {
        long bytes = 0;
        for (Map<?, M> models : perDetector) {
            for (M m : models.values()) {
                bytes += size.applyAsLong(m);
            }
        }
        return bytes;
    }

    /** Checks memory after a bucket: prunes at the soft limit, refuses new entities at the hard limit. */
    private void checkMemory() {
        long bytes = modelBytes();
        if (bytes >= SOFT_LIMIT_SHARE * memoryLimitBytes) {
            // values seen about once, long ago, are the first to go
            for (Map<String, RareModel> m : rareModels) {
                m.values().forEach(r -> r.prune(0.5));
            }
            bytes = modelBytes();
        }
        memoryStatus = bytes >= memoryLimitBytes ? MemoryStatus.HARD_LIMIT
                : bytes >= SOFT_LIMIT_SHARE * memoryLimitBytes ? MemoryStatus.SOFT_LIMIT : MemoryStatus.OK;
    }

    /** Elastic's model_size_stats for the job as it stands. */
    public org.auditml.engine.result.ModelSizeStats modelSizeStats() {
        long byValues = 0;
        Set<String> partitions = new TreeSet<>();
        for (Map<String, RareModel> m : rareModels) {
            for (Map.Entry<String, RareModel> e : m.entrySet()) {
                byValues += e.getValue().size();
                partitions.add(e.getKey());
            }
        }
        for (Map<SeriesKey, CountModel> m : countModels) {
            for (SeriesKey k : m.keySet()) {
                if (k.by() != null) {
                    byValues++;
                }
                if (k.partition() != null) {
                    partitions.add(k.partition());
                }
            }
        }
        return new org.auditml.engine.result.ModelSizeStats(job.jobId(), lastBucketStart, modelBytes(), memoryLimitBytes,
                byValues, partitions.size(), allocationFailures, memoryStatus.toString());
    }

    public MemoryStatus memoryStatus() {
        return memoryStatus;
    }

    /** Model plot documents of the bucket being closed (when the job asks for them). */
    private final List<ModelPlot> plots = new ArrayList<>();

    private void plot(int index, Detector d, SeriesKey key, long start, String feature, double lower, double upper,
                      double median, double actual) {
        if (job.modelPlotConfig().enabled()) {
            plots.add(new ModelPlot(job.jobId(), start, spanMillis / 1000, index, d.partitionFieldName(),
                    key.partition(), d.overFieldName(), key.over(), d.byFieldName(), key.by(), feature, round(lower),
                    round(upper), round(median), round(actual)));
        }
    }

    private List<Result> close(OpenBucket bucket) {
        plots.clear();
        closedBefore = bucket.start + spanMillis;
        lastBucketStart = bucket.start;
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            if (d.function() == DetectorFunction.RARE && d.overFieldName() != null) {
                closePopulationRare(i, d, bucket, candidates);
            } else if (d.function() == DetectorFunction.RARE) {
                closeRare(i, d, bucket, candidates);
            } else if (d.function().family() == DetectorFunction.Family.TIME) {
                closeTime(i, d, bucket, candidates);
            } else if (d.function().family() == DetectorFunction.Family.METRIC) {
                closeMetric(i, d, bucket, candidates);
            } else {
                closeCount(i, d, bucket, candidates);
            }
        }
        List<Result> results = results(bucket, candidates);
        results.addAll(plots);
        checkMemory();
        return results;
    }

    private void closeRare(int index, Detector d, OpenBucket bucket, List<Candidate> out) {
        Map<String, RareModel> models = rareModels.get(index);
        Map<String, Set<String>> byPartition = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        bucket.series.get(index).keySet().forEach(k -> byPartition.computeIfAbsent(k.partition(), p -> new TreeSet<>()).add(k.by()));
        double decayRate = 0.0005 * Math.min(1.0, spanMillis / 1_800_000.0);
        for (Map.Entry<String, Set<String>> e : byPartition.entrySet()) {
            if (!models.containsKey(key(e.getKey())) && mayAllocate()) {
                models.put(key(e.getKey()), new RareModel(decayRate));
            }
        }
        // fleet context: on how many hosts each value is new in this bucket
        Map<String, Integer> newOn = new TreeMap<>();
        if (usesContext) {
            for (Map.Entry<String, Set<String>> e : byPartition.entrySet()) {
                RareModel model = models.get(key(e.getKey()));
                for (String by : e.getValue()) {
                    if (model == null || !model.knows(by)) {
                        newOn.merge(by, 1, Integer::sum);
                    }
                }
            }
        }
        for (Map.Entry<String, RareModel> m : models.entrySet()) {
            String partition = unkey(m.getKey());
            Set<String> present = byPartition.getOrDefault(partition, Set.of());
            RareModel model = m.getValue();
            for (String by : present) {
                RareModel.Rarity r = model.rarity(by);
                SeriesKey key = new SeriesKey(partition, by);
                OpenBucket.SeriesData data = bucket.series.get(index).get(key);
                double probability = r.probability();
                String reason = rareReason(d, by, partition, r, model);
                // context weighs values that are rare already; it never makes a common one anomalous
                if (usesContext && !r.learning() && r.probability() < RawScore.LARGEST_SIGNIFICANT_PROBABILITY) {
                    RarityContext context = context(by, partition, data, model, models, newOn, byPartition.size());
                    probability = Math.max(Double.MIN_VALUE, Math.min(1.0, probability * context.factor()));
                    if (!context.reasons().isEmpty()) {
                        reason = reason + "; " + String.join("; ", context.reasons());
                    }
                }
                double raw = RawScore.of(probability);
                if (raw > 0) {
                    out.add(new Candidate(index, key, probability, raw, 1, r.probability(), reason,
                            new AnomalyRecord.Explanation(null, null, null, null, null, null, r.firstOccurrence(),
                                    round(r.relativeRarity())), r.learning(), data, null));
                }
            }
            model.addBucket(present);
        }
    }

    /** auditml's context for one rare value on one host (see {@link RarityContext}). */
    private RarityContext context(String by, String partition, OpenBucket.SeriesData data, RareModel model,
                                  Map<String, RareModel> models, Map<String, Integer> newOn, int activeHosts) {
        int others = 0;
        int knowing = 0;
        for (Map.Entry<String, RareModel> other : models.entrySet()) {
            if (!other.getKey().equals(key(partition))) {
                others++;
                if (other.getValue().knows(by)) {
                    knowing++;
                }
            }
        }
        Set<String> names = data == null ? Set.of() : data.context.getOrDefault("user.name", Set.of());
        Set<String> ids = data == null ? Set.of() : data.context.getOrDefault("user.id", Set.of());
        boolean interactive = !ids.isEmpty() && ids.stream().allMatch(AnomalyJob::isInteractiveUid);
        return new RarityContext()
                .rollout(newOn.getOrDefault(by, 0), activeHosts)
                .knownElsewhere(others == 0 ? 0 : (double) knowing / others, others)
                .actor(names, ids)
                .location(by, interactive)
                .arguments(data == null ? Set.of() : data.context.getOrDefault("process.title", Set.of()))
                .stability(model.bucketsSinceNewValue(), model.recentNewValueRate(), 86_400_000.0 / spanMillis);
    }

    private static boolean isInteractiveUid(String id) {
        try {
            return Integer.parseInt(id) >= 1000 && Integer.parseInt(id) < 60000;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String rareReason(Detector d, String by, String partition, RareModel.Rarity r, RareModel model) {
        String where = partition == null ? "" : " on " + partition;
        String history = history(model.buckets());
        if (r.firstOccurrence()) {
            return by + ": first seen" + where + " in " + history + " of history";
        }
        return by + ": seen in " + Math.round(Math.max(1, r.bucketsSeen())) + " of " + model.buckets()
                + " buckets" + where + " (" + history + ")";
    }

    private String history(long buckets) {
        double days = buckets * spanMillis / 86_400_000.0;
        if (days >= 1) {
            return Math.round(days) + (Math.round(days) == 1 ? " day" : " days");
        }
        double hours = buckets * spanMillis / 3_600_000.0;
        return Math.round(hours) + (Math.round(hours) == 1 ? " hour" : " hours");
    }

    /** The value a count-like function takes of a series in a bucket. */
    private static double countValue(Detector d, OpenBucket.SeriesData data) {
        if (data == null) {
            return 0;
        }
        return switch (d.function().family()) {
            case DISTINCT_COUNT -> data.distinct.size();
            case INFO_CONTENT -> OpenBucket.informationContent(data.distinct);
            default -> data.count;
        };
    }

    private void closeCount(int index, Detector d, OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, CountModel> models = countModels.get(index);
        Map<SeriesKey, OpenBucket.SeriesData> present = bucket.series.get(index);
        boolean skipsEmpty = d.function().family() == DetectorFunction.Family.NON_ZERO_COUNT;
        CountModel.Side side = side(d);
        if (d.overFieldName() != null) {
            closePopulationCount(index, d, bucket, models, present, side, out);
            return;
        }
        for (SeriesKey k : present.keySet()) {
            if (!models.containsKey(k) && mayAllocate()) {
                models.put(k, new CountModel(spanMillis, skipsEmpty));
            }
        }
        if (d.partitionFieldName() == null && d.byFieldName() == null) {
            models.computeIfAbsent(new SeriesKey(null, null), x -> new CountModel(spanMillis, skipsEmpty));
        }
        for (Map.Entry<SeriesKey, CountModel> m : models.entrySet()) {
            OpenBucket.SeriesData data = present.get(m.getKey());
            double count = countValue(d, data);
            CountModel model = m.getValue();
            if (count == 0 && model.skipsEmpty()) {
                continue;
            }
            assessCount(index, d, m.getKey(), model, bucket.start, count, side, data, out);
            model.add(bucket.start, count);
        }
    }

    /**
     * Population analysis ({@code over}): one model per partition and by value learns how the entities' values are
     * spread; each entity present in the bucket is judged against it. Entities absent from a bucket are not zeros.
     */
    private void closePopulationCount(int index, Detector d, OpenBucket bucket, Map<SeriesKey, CountModel> models,
                                      Map<SeriesKey, OpenBucket.SeriesData> present, CountModel.Side side,
                                      List<Candidate> out) {
        Map<SeriesKey, List<Map.Entry<SeriesKey, OpenBucket.SeriesData>>> groups = new TreeMap<>();
        for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : present.entrySet()) {
            groups.computeIfAbsent(new SeriesKey(e.getKey().partition(), e.getKey().by()), k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<SeriesKey, List<Map.Entry<SeriesKey, OpenBucket.SeriesData>>> g : groups.entrySet()) {
            CountModel model = models.get(g.getKey());
            if (model == null) {
                if (!mayAllocate()) {
                    continue;
                }
                model = new CountModel(spanMillis, true);
                models.put(g.getKey(), model);
            }
            for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : g.getValue()) {
                assessCount(index, d, e.getKey(), model, bucket.start, countValue(d, e.getValue()), side, e.getValue(), out);
            }
            for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : g.getValue()) {
                model.add(bucket.start, countValue(d, e.getValue()));
            }
        }
    }

    private void assessCount(int index, Detector d, SeriesKey key, CountModel model, long start, double count,
                             CountModel.Side side, OpenBucket.SeriesData data, List<Candidate> out) {
        CountModel.Assessment a = model.assess(start, count, side);
        plot(index, d, key, start, d.function().family() == DetectorFunction.Family.COUNT
                || d.function().family() == DetectorFunction.Family.NON_ZERO_COUNT ? "'count per bucket by person'"
                : "'" + d.function().family().name().toLowerCase(java.util.Locale.ROOT) + " by person'",
                a.lowerBound(), a.upperBound(), a.typical(), count);
        double raw = RawScore.of(a.probability());
        if (raw > 0) {
            int impact = (int) Math.round(-Math.log10(Math.max(a.probability(), 1e-300)));
            out.add(new Candidate(index, key, a.probability(), raw, count, a.typical(),
                    countReason(d, key, count, a, start),
                    new AnomalyRecord.Explanation(count >= a.typical() ? "spike" : "dip",
                            a.multiBucket() ? null : impact, a.multiBucket() ? impact : null,
                            round(a.lowerBound()), round(a.typical()), round(a.upperBound()), null, null),
                    a.learning(), data, a.multiBucket() ? 5.0 : -5.0));
        }
    }

    /**
     * Population rare ({@code rare by X over Y}): per partition, for each X the number of distinct Y that ever had it;
     * an entity using an X that few entities have is anomalous.
     */
    private void closePopulationRare(int index, Detector d, OpenBucket bucket, List<Candidate> out) {
        Map<String, RareModel> models = rareModels.get(index);
        Map<String, Map<String, Set<String>>> byPartition = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (SeriesKey k : bucket.series.get(index).keySet()) {
            byPartition.computeIfAbsent(k.partition(), p -> new TreeMap<>())
                    .computeIfAbsent(k.by(), b -> new TreeSet<>()).add(k.over());
        }
        for (Map.Entry<String, Map<String, Set<String>>> p : byPartition.entrySet()) {
            RareModel model = models.get(key(p.getKey()));
            if (model == null) {
                if (!mayAllocate()) {
                    continue;
                }
                model = new RareModel(0); // "ever had": entities do not fade
                models.put(key(p.getKey()), model);
            }
            List<String> newEntities = new ArrayList<>();
            for (Map.Entry<String, Set<String>> attr : p.getValue().entrySet()) {
                RareModel.Rarity r = model.rarity(attr.getKey());
                double raw = RawScore.of(r.probability());
                for (String entity : attr.getValue()) {
                    SeriesKey key = new SeriesKey(p.getKey(), entity, attr.getKey());
                    if (raw > 0) {
                        String where = p.getKey() == null ? "" : " in " + p.getKey();
                        out.add(new Candidate(index, key, r.probability(), raw, 1, r.probability(),
                                entity + ": " + attr.getKey() + (r.firstOccurrence() ? ", which no other "
                                        + d.overFieldName() + where + " has had" : ", which " + Math.round(r.bucketsSeen())
                                        + " of the " + d.overFieldName() + " values" + where + " have had"),
                                new AnomalyRecord.Explanation(null, null, null, null, null, null, r.firstOccurrence(),
                                        round(r.relativeRarity())), r.learning(), bucket.series.get(index).get(key), null));
                    }
                    if (population(index).computeIfAbsent(p.getKey() + "\u0000" + attr.getKey(), x -> new TreeSet<>()).add(entity)) {
                        newEntities.add(attr.getKey());
                    }
                }
            }
            // each entity new to an attribute counts once: the model's counts are entities, not buckets
            model.addBucket(newEntities);
        }
    }

    private final Map<Integer, Map<String, Set<String>>> populations = new TreeMap<>();

    private Map<String, Set<String>> population(int detector) {
        return populations.computeIfAbsent(detector, k -> new TreeMap<>());
    }

    /** time_of_day / time_of_week: how usual the events' times are for the series. */
    private void closeTime(int index, Detector d, OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, RareModel> models = timeModels.get(index);
        boolean week = d.function() == DetectorFunction.TIME_OF_WEEK;
        double decayRate = 0.0005 * Math.min(1.0, spanMillis / 1_800_000.0);
        for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : bucket.series.get(index).entrySet()) {
            RareModel model = models.get(e.getKey());
            if (model == null) {
                if (!mayAllocate()) {
                    continue;
                }
                model = new RareModel(decayRate, 0.05);
                models.put(e.getKey(), model);
            }
            Set<String> slots = new TreeSet<>();
            for (long t : e.getValue().times()) {
                slots.add(timeSlot(t, week));
            }
            String rarest = null;
            RareModel.Rarity rarestRarity = null;
            for (String slot : slots) {
                RareModel.Rarity r = model.rarity(slot);
                if (rarestRarity == null || r.probability() < rarestRarity.probability()) {
                    rarest = slot;
                    rarestRarity = r;
                }
            }
            if (rarestRarity != null) {
                double raw = RawScore.of(rarestRarity.probability());
                if (raw > 0) {
                    String who = e.getKey().by() != null ? e.getKey().by() : e.getKey().partition() != null
                            ? e.getKey().partition() : "events";
                    out.add(new Candidate(index, e.getKey(), rarestRarity.probability(), raw, 1,
                            rarestRarity.probability(), who + " active at " + rarest + (week ? "" : " UTC")
                            + ", an unusual time", null, rarestRarity.learning(), e.getValue(), null));
                }
            }
            model.addBucket(slots);
        }
    }

    /** Half-hour slots: "Tue 03:30" for time_of_week, "03:30" for time_of_day (UTC). */
    private static String timeSlot(long t, boolean week) {
        java.time.ZonedDateTime at = java.time.Instant.ofEpochMilli(t).atZone(java.time.ZoneOffset.UTC);
        String slot = String.format("%02d:%02d", at.getHour(), at.getMinute() < 30 ? 0 : 30);
        return week ? at.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)
                + " " + slot : slot;
    }

    private void closeMetric(int index, Detector d, OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, MetricModel> models = metricModels.get(index);
        CountModel.Side side = side(d);
        for (Map.Entry<SeriesKey, OpenBucket.SeriesData> e : bucket.series.get(index).entrySet()) {
            OpenBucket.SeriesData data = e.getValue();
            if (data.values == 0) {
                continue; // metric functions leave out empty buckets
            }
            MetricModel model = models.get(e.getKey());
            if (model == null) {
                if (!mayAllocate()) {
                    continue;
                }
                model = new MetricModel(spanMillis);
                models.put(e.getKey(), model);
            }
            double value = switch (d.function()) {
                case MIN -> data.min;
                case MAX -> data.max;
                case SUM, HIGH_SUM, LOW_SUM -> data.sum;
                case VARP, HIGH_VARP, LOW_VARP -> Math.max(0, data.sumSquares / data.values
                        - (data.sum / data.values) * (data.sum / data.values));
                default -> data.sum / data.values; // mean; median is approximated by the mean
            };
            MetricModel.Assessment a = model.assess(bucket.start, value, side);
            plot(index, d, e.getKey(), bucket.start, "'" + d.function().jsonName() + " by person'", a.lowerBound(),
                    a.upperBound(), a.typical(), value);
            double raw = RawScore.of(a.probability());
            if (raw > 0) {
                String who = e.getKey().partition() != null ? e.getKey().partition() + ": " : "";
                out.add(new Candidate(index, e.getKey(), a.probability(), raw, value, a.typical(),
                        who + d.function() + "(" + d.fieldName() + ") " + round1(value) + ", typical "
                                + round1(a.typical()) + (a.multiBucket() ? " (sustained over the last "
                                + MetricModel.WINDOW + " buckets)" : ""),
                        new AnomalyRecord.Explanation(value >= a.typical() ? "spike" : "dip", null, null,
                                round(a.lowerBound()), round(a.typical()), round(a.upperBound()), null, null),
                        a.learning(), data, a.multiBucket() ? 5.0 : -5.0));
            }
            model.add(bucket.start, value);
        }
    }

    private static CountModel.Side side(Detector d) {
        return switch (d.function().side()) {
            case HIGH -> CountModel.Side.HIGH;
            case LOW -> CountModel.Side.LOW;
            case BOTH -> CountModel.Side.BOTH;
        };
    }

    private String countReason(Detector d, SeriesKey key, double count, CountModel.Assessment a, long start) {
        String who = key.over() != null ? key.over() + ": " : key.partition() != null ? key.partition() + ": "
                : key.by() != null ? key.by() + ": " : "";
        java.time.ZonedDateTime at = java.time.Instant.ofEpochMilli(start).atZone(java.time.ZoneOffset.UTC);
        String when = switch (a.baseline()) {
            case WEEKLY -> " for a " + at.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                    + " at " + String.format("%02d:%02d", at.getHour(), at.getMinute());
            case DAILY -> " at " + String.format("%02d:%02d", at.getHour(), at.getMinute());
            case LEVEL -> "";
        };
        String window = a.multiBucket() ? " (sustained over the last " + CountModel.WINDOW + " buckets)" : "";
        String what = switch (d.function().family()) {
            case DISTINCT_COUNT -> " distinct " + d.fieldName() + " values";
            case INFO_CONTENT -> " bytes of information in " + d.fieldName();
            default -> " events";
        };
        return who + Math.round(count) + what + " in the " + org.auditml.engine.job.JobText.span(spanMillis)
                + ", typical " + round1(a.typical()) + when + window;
    }

    private List<Result> results(OpenBucket bucket, List<Candidate> candidates) {
        long spanSeconds = spanMillis / 1000;
        String jobId = job.jobId();
        // scope normalizers see every bucket's largest raw score, zeros included
        Map<String, Double> scopeMax = new TreeMap<>();
        for (int i = 0; i < detectors.size(); i++) {
            for (SeriesKey k : bucket.series.get(i).keySet()) {
                scopeMax.putIfAbsent(scope(i, k), 0.0);
            }
        }
        for (Candidate c : candidates) {
            // a model still learning is not trusted: its scores do not shape the scale of later ones
            if (!c.learning()) {
                scopeMax.merge(scope(c.detector(), c.key()), c.raw(), Math::max);
            }
        }
        scopeMax.forEach((scope, raw) -> normalizer(scope).add(raw));

        List<AnomalyRecord> records = new ArrayList<>();
        double bucketRaw = 0;
        double bucketProbability = 1;
        Map<String, Map<String, double[]>> influence = new TreeMap<>(); // field → value → {raw, probability}
        for (Candidate c : candidates) {
            double score = Math.min(normalizer(scope(c.detector(), c.key())).normalize(c.raw()),
                    RawScore.scoreCap(c.probability()));
            if (c.learning()) {
                score = Math.min(score, LEARNING_SCORE_CAP);
            }
            score = round(score);
            Detector d = detectors.get(c.detector());
            List<AnomalyRecord.Influence> inf = new ArrayList<>();
            if (c.data() != null) {
                c.data().influencers.forEach((field, values) -> {
                    inf.add(new AnomalyRecord.Influence(field, List.copyOf(values)));
                    for (String v : values) {
                        influence.computeIfAbsent(field, f -> new TreeMap<>()).merge(v,
                                new double[]{c.raw(), c.probability()},
                                (x, y) -> new double[]{Math.max(x[0], y[0]), Math.min(x[1], y[1])});
                    }
                });
            }
            records.add(new AnomalyRecord(jobId, bucket.start, spanSeconds, c.detector(), c.probability(),
                    c.multiBucketImpact(), score, score, false, d.function().jsonName(), d.function().jsonName(),
                    d.fieldName(), d.byFieldName(), c.key().by(), d.partitionFieldName(), c.key().partition(),
                    d.overFieldName(), c.key().over(), List.of(round(c.actual())), List.of(round(c.typical())), inf.isEmpty() ? null : inf,
                    c.explanation(), c.reason(), c.learning() ? Boolean.TRUE : null));
            if (!c.learning()) {
                bucketRaw = Math.max(bucketRaw, c.raw());
                bucketProbability = Math.min(bucketProbability, c.probability());
            }
        }
        ScoreNormalizer bucketNormalizer = normalizer("bucket");
        bucketNormalizer.add(bucketRaw);
        double anomalyScore = round(Math.min(bucketNormalizer.normalize(bucketRaw), RawScore.scoreCap(bucketProbability)));

        List<BucketResult.BucketInfluencer> bucketInfluencers = new ArrayList<>();
        List<InfluencerResult> influencerResults = new ArrayList<>();
        if (bucketRaw > 0) {
            bucketInfluencers.add(new BucketResult.BucketInfluencer("bucket_time", anomalyScore, anomalyScore,
                    bucketRaw, bucketProbability));
        }
        influence.forEach((field, values) -> {
            ScoreNormalizer n = normalizer("influencer:" + field);
            double fieldRaw = values.values().stream().mapToDouble(v -> v[0]).max().orElse(0);
            double fieldProbability = values.values().stream().mapToDouble(v -> v[1]).min().orElse(1);
            n.add(fieldRaw);
            double fieldScore = round(n.normalize(fieldRaw));
            bucketInfluencers.add(new BucketResult.BucketInfluencer(field, fieldScore, fieldScore, fieldRaw, fieldProbability));
            values.forEach((value, rp) -> {
                double s = round(n.normalize(rp[0]));
                influencerResults.add(new InfluencerResult(jobId, bucket.start, spanSeconds, field, value, s, s,
                        rp[1], false));
            });
        });
        List<Result> out = new ArrayList<>(1 + records.size() + influencerResults.size());
        out.add(new BucketResult(jobId, bucket.start, spanSeconds, anomalyScore, anomalyScore, bucket.eventCount,
                false, bucketInfluencers, 0));
        out.addAll(records);
        out.addAll(influencerResults);
        return out;
    }

    /**
     * Records are normalised per detector, across partitions: one host's largest anomaly is weighed against the whole
     * fleet's, so a quiet host's mild oddity does not score like another host's intrusion.
     */
    private static String scope(int detector, SeriesKey key) {
        return "detector:" + detector;
    }

    private ScoreNormalizer normalizer(String scope) {
        // decay scaled to the bucket span: about a month of buckets of memory for 1 h buckets
        return normalizers.computeIfAbsent(scope, s -> new ScoreNormalizer(Math.min(0.01, spanMillis / 2_592_000_000.0)));
    }

    private static String key(String partition) {
        return partition == null ? "\u0000" : partition;
    }

    private static String unkey(String key) {
        return "\u0000".equals(key) ? null : key;
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String round1(double v) {
        return v >= 10 ? Long.toString(Math.round(v)) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}

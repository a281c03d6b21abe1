package org.auditml.engine;

import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.ModelPlot;
import org.auditml.engine.result.ModelSizeStats;
import org.auditml.engine.result.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs one job over events that arrive in time order: events are gathered into buckets of {@code bucket_span}; a
 * bucket closes once the events have moved {@code latency} past its end (later ones are dropped and counted); closing
 * a bucket asks each detector's analysis (one per function family) how likely the bucket was, and the
 * {@link BucketScorer} turns probabilities into scores normalised against the job's history and yields Elastic's
 * bucket, record and influencer results. No wall clock: {@code processing_time_ms} is 0, and the same events give the
 * same results.
 */
public final class AnomalyJob implements JobSupport {
    private final Job job;
    private final long spanMillis;
    private final long latencyMillis;
    private final List<Detector> detectors;
    private final List<String> influencers;
    private final List<DetectorAnalysis> analyses = new ArrayList<>();
    /** Per detector, its exclude_frequent tracker (null when it excludes nothing). */
    private final List<FrequentValues> frequent = new ArrayList<>();
    private final String summaryCountField;
    private final long pruneWindowMillis;
    private final BucketScorer scorer;
    private final TreeMap<Long, OpenBucket> open = new TreeMap<>();
    private long closedBefore = Long.MIN_VALUE;
    private long lateEvents;
    private long processedEvents;
    private final long memoryLimitBytes;
    private final boolean usesContext;
    private MemoryStatus memoryStatus = MemoryStatus.OK;
    private long allocationFailures;
    private long lastBucketStart;
    /** Model plot documents of the bucket being closed (when the job asks for them). */
    private final List<ModelPlot> plots = new ArrayList<>();

    /** Elastic's memory states: at the soft limit old entities are pruned, at the hard limit new ones are refused. */
    public enum MemoryStatus {
        OK, SOFT_LIMIT, HARD_LIMIT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
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
        this.scorer = new BucketScorer(job.jobId(), spanMillis, detectors);
        this.summaryCountField = job.analysisConfig().summaryCountFieldName();
        this.pruneWindowMillis = job.analysisConfig().effectiveModelPruneWindow().toMillis();
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            analyses.add(DetectorAnalysis.of(i, d, this));
            frequent.add(FrequentValues.of(d.excludeFrequent()));
        }
    }

    public Job job() {
        return job;
    }

    @Override
    public long spanMillis() {
        return spanMillis;
    }

    @Override
    public boolean usesContext() {
        return usesContext;
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
        double weight = 1;
        if (summaryCountField != null) {
            // pre-summarised input: the event stands for this many (Elastic's summary_count_field_name)
            weight = number(event.field(summaryCountField));
            if (Double.isNaN(weight) || weight < 0) {
                weight = 1;
            } else if (weight == 0) {
                return results; // stands for no events at all
            }
        }
        processedEvents++;
        OpenBucket bucket = open.computeIfAbsent(start, s -> new OpenBucket(s, detectors.size()));
        bucket.eventCount += Math.round(weight);
        Map<String, String> influencerValues = new TreeMap<>();
        for (String field : influencers) {
            String v = event.field(field);
            if (v != null) {
                influencerValues.put(field, v);
            }
        }
        for (int i = 0; i < detectors.size(); i++) {
            gather(i, detectors.get(i), event, weight, bucket, influencerValues);
        }
        return results;
    }

    /** Adds an event to one detector's series in its bucket. */
    private void gather(int i, Detector d, EventView event, double weight, OpenBucket bucket,
                        Map<String, String> influencerValues) {
        String partition = d.partitionFieldName() == null ? null : event.field(d.partitionFieldName());
        String over = d.overFieldName() == null ? null : event.field(d.overFieldName());
        String by = d.byFieldName() == null ? null : event.field(d.byFieldName());
        if ((d.partitionFieldName() != null && partition == null && !d.useNull())
                || (d.overFieldName() != null && over == null && !d.useNull())
                || (d.byFieldName() != null && by == null && !d.useNull())) {
            return; // Elastic leaves out events without the split fields unless use_null is set
        }
        DetectorFunction.Family family = d.function().family();
        double value = Double.NaN;
        if (family == DetectorFunction.Family.METRIC) {
            value = number(event.field(d.fieldName()));
            if (Double.isNaN(value)) {
                return; // no value: a metric function ignores the event
            }
        }
        String distinct = null;
        if (family == DetectorFunction.Family.DISTINCT_COUNT || family == DetectorFunction.Family.INFO_CONTENT) {
            distinct = event.field(d.fieldName());
            if (distinct == null) {
                return;
            }
        }
        OpenBucket.SeriesData data = bucket.series.get(i).computeIfAbsent(new SeriesKey(partition, over, by),
                k -> new OpenBucket.SeriesData());
        if (distinct != null) {
            data.addDistinct(distinct);
        } else if (family == DetectorFunction.Family.TIME) {
            data.addTime(event.timestampMillis());
        }
        data.add(weight, influencerValues);
        if (usesContext && d.function() == DetectorFunction.RARE) {
            // a few values per field are kept: once they are there, the event's are not even looked up
            if (data.hasContextRoom("user.name")) {
                data.addContext("user.name", event.field("user.name"));
            }
            if (data.hasContextRoom("user.id")) {
                data.addContext("user.id", event.field("user.id"));
            }
            if (data.hasContextRoom("process.title")) {
                String line = event.field("process.title");
                data.addContext("process.title", line != null ? line : event.field("process.args"));
            }
        }
        if (!Double.isNaN(value)) {
            if (MetricAnalysis.keepsValues(d.function())) {
                data.keepValues();
            }
            data.addValue(value, weight);
        }
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

    private List<Result> close(OpenBucket bucket) {
        bucket.sortSeries();
        plots.clear();
        closedBefore = bucket.start + spanMillis;
        lastBucketStart = bucket.start;
        List<Candidate> candidates = new ArrayList<>();
        for (DetectorAnalysis a : analyses) {
            a.close(bucket, candidates);
        }
        candidates.removeIf(c -> frequent.get(c.detector()) != null && frequent.get(c.detector()).excludes(c.key()));
        for (int i = 0; i < detectors.size(); i++) {
            if (frequent.get(i) != null) {
                frequent.get(i).learn(bucket.series.get(i).keySet());
            }
            analyses.get(i).forgetIdle(bucket.start - pruneWindowMillis);
        }
        List<Result> results = scorer.score(bucket, candidates);
        results.addAll(plots);
        checkMemory();
        return results;
    }

    @Override
    public void plot(int index, Detector d, SeriesKey key, long start, String feature, double lower, double upper,
                     double median, double actual) {
        if (job.modelPlotConfig().enabled()) {
            plots.add(new ModelPlot(job.jobId(), start, spanMillis / 1000, index, d.partitionFieldName(),
                    key.partition(), d.overFieldName(), key.over(), d.byFieldName(), key.by(), feature,
                    DetectorAnalysis.round(lower), DetectorAnalysis.round(upper), DetectorAnalysis.round(median),
                    DetectorAnalysis.round(actual)));
        }
    }

    /** The job's whole state, for a model snapshot. */
    public JobState toState() {
        List<JobState.Bucket> buckets = new ArrayList<>();
        for (OpenBucket b : open.values()) {
            List<List<JobState.Series>> series = new ArrayList<>();
            for (Map<SeriesKey, OpenBucket.SeriesData> perDetector : b.series) {
                List<JobState.Series> list = new ArrayList<>();
                new TreeMap<>(perDetector).forEach((k, d) -> {
                    Map<String, List<String>> inf = new TreeMap<>();
                    d.influencers.forEach((f, v) -> inf.put(f, List.copyOf(v)));
                    Map<String, List<String>> ctx = new TreeMap<>();
                    d.context.forEach((f, v) -> ctx.put(f, List.copyOf(v)));
                    list.add(new JobState.Series(k.partition(), k.by(), d.count, d.sum, d.min, d.max, d.values, inf, ctx,
                            k.over(), List.copyOf(d.distinct), d.times().clone(), d.sumSquares, d.samples()));
                });
                series.add(list);
            }
            buckets.add(new JobState.Bucket(b.start, b.eventCount, series));
        }
        JobState.Builder models = new JobState.Builder(detectors.size());
        analyses.forEach(a -> a.save(models));
        Map<Integer, JobState.Frequent> frequentState = new TreeMap<>();
        for (int i = 0; i < frequent.size(); i++) {
            if (frequent.get(i) != null) {
                frequentState.put(i, frequent.get(i).toState());
            }
        }
        return new JobState(JobState.VERSION, job.jobId(), closedBefore, lateEvents, processedEvents,
                memoryStatus.name(), allocationFailures, lastBucketStart, buckets, models.rare, models.count,
                models.metric, models.time, models.populations, scorer.state(), frequentState,
                models.contextual);
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
                    bucket.series.get(i).put(new SeriesKey(s.partition(), s.over(), s.by()), series(s));
                }
            }
            j.open.put(b.start(), bucket);
        }
        j.analyses.forEach(a -> a.restore(state));
        if (state.frequent() != null) {
            state.frequent().forEach((i, f) -> j.frequent.get(i).restore(f));
        }
        j.scorer.restore(state.normalizers());
        return j;
    }

    private static OpenBucket.SeriesData series(JobState.Series s) {
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
        if (s.samples() != null) {
            d.restoreSamples(s.samples());
        }
        return d;
    }

    /**
     * Renormalises earlier records against the scale as it stands now (Elastic does this when a scope's largest score
     * grows): each record's score is recomputed from its probability; {@code initial_record_score} stays. Returns the
     * records whose score moved by at least {@code minChange}.
     */
    public List<AnomalyRecord> renormalize(List<AnomalyRecord> records, double minChange) {
        return scorer.renormalize(records, minChange);
    }

    /** Renormalises earlier buckets' scores against the scales as they stand now (see {@link #renormalize}). */
    public List<org.auditml.engine.result.BucketResult> renormalizeBuckets(List<org.auditml.engine.result.BucketResult> buckets) {
        return scorer.renormalizeBuckets(buckets);
    }

    /** Renormalises earlier influencer results against the scales as they stand now (see {@link #renormalize}). */
    public List<org.auditml.engine.result.InfluencerResult> renormalizeInfluencers(
            List<org.auditml.engine.result.InfluencerResult> influencers) {
        return scorer.renormalizeInfluencers(influencers);
    }

    /** Events that came after their bucket had closed. */
    public long lateEvents() {
        return lateEvents;
    }

    public long processedEvents() {
        return processedEvents;
    }

    @Override
    public boolean mayAllocate() {
        if (memoryStatus == MemoryStatus.HARD_LIMIT) {
            allocationFailures++;
            return false;
        }
        return true;
    }

    /** Model memory now, approximately: models, normalisers. */
    public long modelBytes() {
        return analyses.stream().mapToLong(DetectorAnalysis::sizeBytes).sum() + scorer.sizeBytes()
                + frequent.stream().filter(java.util.Objects::nonNull).mapToLong(FrequentValues::sizeBytes).sum();
    }

    /** Checks memory after a bucket: prunes at the soft limit, refuses new entities at the hard limit. */
    private void checkMemory() {
        long bytes = modelBytes();
        if (bytes >= SOFT_LIMIT_SHARE * memoryLimitBytes) {
            // series idle for a week (or the prune window, if shorter) go first, then what matters least
            long idleBefore = lastBucketStart - Math.min(pruneWindowMillis, CountAnalysis.IDLE_MILLIS);
            analyses.forEach(a -> {
                a.forgetIdle(idleBefore);
                a.prune();
            });
            bytes = modelBytes();
        }
        memoryStatus = bytes >= memoryLimitBytes ? MemoryStatus.HARD_LIMIT
                : bytes >= SOFT_LIMIT_SHARE * memoryLimitBytes ? MemoryStatus.SOFT_LIMIT : MemoryStatus.OK;
    }

    /** Elastic's model_size_stats for the job as it stands. */
    public ModelSizeStats modelSizeStats() {
        Set<String> partitions = new TreeSet<>();
        analyses.forEach(a -> a.partitions(partitions));
        long byValues = analyses.stream().mapToLong(DetectorAnalysis::byValues).sum();
        return new ModelSizeStats(job.jobId(), lastBucketStart, modelBytes(), memoryLimitBytes, byValues,
                partitions.size(), allocationFailures, memoryStatus.toString());
    }

    public MemoryStatus memoryStatus() {
        return memoryStatus;
    }
}

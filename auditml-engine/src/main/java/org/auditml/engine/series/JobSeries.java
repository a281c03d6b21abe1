package org.auditml.engine.series;

import org.auditml.engine.EventView;
import org.auditml.engine.analysis.DetectorAnalysis;
import org.auditml.engine.analysis.FrequentValues;
import org.auditml.engine.analysis.JobSupport;
import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.context.RarityContext;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.ModelPlot;
import org.auditml.engine.result.Rounding;
import org.auditml.engine.score.ScoreNormalizer;
import org.auditml.engine.snapshot.JobState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The per-series half of a job: events that arrive in time order are gathered into buckets of {@code bucket_span};
 * a bucket closes once the events have moved {@code latency} past its end (later ones are dropped and counted), and
 * closing it asks each detector's analysis what was unusual. What a closed bucket gives ({@link SeriesBucket}) goes to
 * the job-wide scoring, which may be in the same process or gather the buckets of several such instances, each
 * holding some of the job's partitions (then each must be told every event time, through {@link #advanceTo}, so
 * that all close the same buckets). No wall clock: the same events give the same buckets.
 */
public final class JobSeries implements JobSupport {
    /** Share of the limit at which pruning starts. */
    static final double SOFT_LIMIT_SHARE = 0.7;
    /** Series idle this long are the first to go at the soft limit (hosts that left the fleet). */
    private static final long IDLE_MILLIS = 7 * 86_400_000L;

    private final Job job;
    private final RarityContext rarityContext;
    private final Consumer<SeriesBucket> closed;
    private final LongSupplier sharedBytes;
    private final long spanMillis;
    private final long latencyMillis;
    private final List<Detector> detectors;
    private final List<String> influencers;
    private final List<DetectorAnalysis> analyses = new ArrayList<>();
    /** Per detector, its exclude_frequent tracker (null when it excludes nothing). */
    private final List<FrequentValues> frequent = new ArrayList<>();
    private final String summaryCountField;
    private final long pruneWindowMillis;
    private final long memoryLimitBytes;
    private final boolean usesContext;
    private final JobRules rules;
    private final TreeMap<Long, OpenBucket> open = new TreeMap<>();
    private long closedBefore = Long.MIN_VALUE;
    private long lateEvents;
    private long processedEvents;
    private MemoryStatus memoryStatus = MemoryStatus.OK;
    private long allocationFailures;
    private long lastBucketStart;
    /** Model plot documents and fleet news of the bucket being closed. */
    private final List<SeriesBucket.Plot> plots = new ArrayList<>();
    private final Map<Integer, SeriesBucket.FleetNews> fleetNews = new TreeMap<>();

    /**
     * @param rarityContext what the job's runner knows of rare values in its domain
     * @param closed        takes each closed bucket, before the memory check that follows it
     * @param sharedBytes   the memory of the job-wide parts, counted against the job's limit with the series'
     */
    public JobSeries(Job job, RarityContext rarityContext, Consumer<SeriesBucket> closed, LongSupplier sharedBytes) {
        this(job, rarityContext, JobRules.NONE, closed, sharedBytes);
    }

    /** Series that apply the job's custom rules and scheduled events ({@code rules}). */
    public JobSeries(Job job, RarityContext rarityContext, JobRules rules, Consumer<SeriesBucket> closed,
                     LongSupplier sharedBytes) {
        this.job = job;
        this.rules = Objects.requireNonNull(rules, "rules");
        this.rarityContext = Objects.requireNonNull(rarityContext, "rarityContext");
        this.closed = closed;
        this.sharedBytes = sharedBytes;
        this.spanMillis = job.analysisConfig().bucketSpan().toMillis();
        this.latencyMillis = job.analysisConfig().latency().toMillis();
        this.detectors = job.analysisConfig().detectors();
        this.influencers = job.analysisConfig().influencers();
        this.memoryLimitBytes = job.modelMemoryLimitBytes();
        this.usesContext = job.analysisConfig().usesContext();
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

    @Override
    public RarityContext rarityContext() {
        return rarityContext;
    }

    /** Adds an event (closing the buckets its time closes first). */
    public void accept(EventView event) {
        long t = event.timestampMillis();
        advanceTo(t);
        long start = Math.floorDiv(t, spanMillis) * spanMillis;
        if (start < closedBefore) {
            lateEvents++;
            return;
        }
        double weight = 1;
        if (summaryCountField != null) {
            // pre-summarised input: the event stands for this many (Elastic's summary_count_field_name)
            weight = number(event.field(summaryCountField));
            if (Double.isNaN(weight) || weight < 0) {
                weight = 1;
            } else if (weight == 0) {
                return; // stands for no events at all
            }
        }
        processedEvents++;
        if (usesContext) {
            rarityContext.observe(event);
        }
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
            for (String field : rarityContext.fields()) {
                if (data.hasContextRoom(field)) {
                    data.addContext(field, event.field(field));
                }
            }
            String spread = rarityContext.spreadField();
            if (spread != null && d.partitionFieldName() == null && data.hasContextRoom(spread)) {
                data.addContext(spread, event.field(spread));
            }
        }
        if (!Double.isNaN(value)) {
            if (DetectorAnalysis.keepsValues(d.function())) {
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

    /**
     * Starts the series at the bucket of {@code timeMillis}, as an event of the job's at that time would, but with
     * none of their own: instances that hold some of a job's partitions are all started at the job's first event, so
     * that they close the same buckets and judge late events alike. Does nothing once the series have started.
     */
    public void startAt(long timeMillis) {
        if (closedBefore == Long.MIN_VALUE && open.isEmpty()) {
            long start = Math.floorDiv(timeMillis, spanMillis) * spanMillis;
            open.put(start, new OpenBucket(start, detectors.size()));
        }
    }

    /** Closes every bucket that ends, latency included, at or before {@code timeMillis}. */
    public void advanceTo(long timeMillis) {
        while (!open.isEmpty() && open.firstKey() + spanMillis + latencyMillis <= timeMillis) {
            close(open.pollFirstEntry().getValue());
        }
        // empty buckets between the last closed and now still age the models and count as zeros
        long currentStart = Math.floorDiv(timeMillis - latencyMillis, spanMillis) * spanMillis;
        if (closedBefore != Long.MIN_VALUE) {
            while (closedBefore < currentStart && (open.isEmpty() || closedBefore < open.firstKey())) {
                close(new OpenBucket(closedBefore, detectors.size()));
            }
        }
    }

    /** Closes all open buckets (end of input). */
    public void flush() {
        while (!open.isEmpty()) {
            close(open.pollFirstEntry().getValue());
        }
    }

    private void close(OpenBucket bucket) {
        bucket.sortSeries();
        plots.clear();
        fleetNews.clear();
        closedBefore = bucket.start + spanMillis;
        lastBucketStart = bucket.start;
        List<Candidate> candidates = new ArrayList<>();
        for (DetectorAnalysis a : analyses) {
            a.close(bucket, candidates);
        }
        candidates.removeIf(c -> frequent.get(c.detector()) != null && frequent.get(c.detector()).excludes(c.key()));
        if (rules != JobRules.NONE) {
            candidates.removeIf(c -> rules.skipsResult(c.detector(), c.key(), c.finding().actual(),
                    c.finding().typical(), bucket.start));
        }
        List<Boolean> active = new ArrayList<>(detectors.size());
        for (int i = 0; i < detectors.size(); i++) {
            active.add(!bucket.series.get(i).isEmpty());
            if (frequent.get(i) != null) {
                frequent.get(i).learn(bucket.series.get(i).keySet());
            }
            analyses.get(i).forgetIdle(bucket.start - pruneWindowMillis);
        }
        closed.accept(new SeriesBucket(bucket.start, bucket.eventCount, active, candidates, plots, fleetNews));
        checkMemory();
    }

    @Override
    public void plot(int index, int pass, Detector d, SeriesKey key, long start, String feature, double lower,
                     double upper, double median, double actual) {
        if (job.modelPlotConfig().enabled()) {
            plots.add(new SeriesBucket.Plot(pass, new ModelPlot(job.jobId(), start, spanMillis / 1000, index,
                    d.partitionFieldName(), key.partition(), d.overFieldName(), key.over(), d.byFieldName(), key.by(),
                    feature, Rounding.sixDecimals(lower), Rounding.sixDecimals(upper), Rounding.sixDecimals(median),
                    Rounding.sixDecimals(actual))));
        }
    }

    @Override
    public boolean learns(int detector, SeriesKey key, double actual, double typical) {
        return rules == JobRules.NONE || !rules.skipsModelUpdate(detector, key, actual, typical, lastBucketStart);
    }

    @Override
    public void fleetNews(int detector, SeriesBucket.FleetNews news) {
        fleetNews.put(detector, news);
    }

    /** Per rare detector weighed by the fleet, every value each partition's model knows (see {@link DetectorAnalysis#fleetKnowledge}). */
    public Map<Integer, Map<String, Set<String>>> fleetKnowledge() {
        Map<Integer, Map<String, Set<String>>> known = new TreeMap<>();
        for (int i = 0; i < analyses.size(); i++) {
            Map<String, Set<String>> k = analyses.get(i).fleetKnowledge();
            if (!k.isEmpty()) {
                known.put(i, k);
            }
        }
        return known;
    }

    /** The series' state, with the job-wide part's normalisers, as one snapshot. */
    public JobState toState(Map<String, ScoreNormalizer.State> normalizers) {
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
                models.metric, models.time, models.populations, normalizers, frequentState, models.contextual);
    }

    /** Series that go on from a snapshot. */
    public static JobSeries restore(Job job, RarityContext rarityContext, JobState state, Consumer<SeriesBucket> closed,
                                    LongSupplier sharedBytes) {
        return restore(job, rarityContext, JobRules.NONE, state, closed, sharedBytes);
    }

    /** Series that go on from a snapshot, applying {@code rules}. */
    public static JobSeries restore(Job job, RarityContext rarityContext, JobRules rules, JobState state,
                                    Consumer<SeriesBucket> closed, LongSupplier sharedBytes) {
        if (state.version() != JobState.VERSION) {
            throw new IllegalArgumentException("snapshot version " + state.version() + " is not " + JobState.VERSION);
        }
        JobSeries j = new JobSeries(job, rarityContext, rules, closed, sharedBytes);
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

    /** Model memory now, approximately: the series' models and the job-wide parts. */
    public long modelBytes() {
        return analyses.stream().mapToLong(DetectorAnalysis::sizeBytes).sum() + sharedBytes.getAsLong()
                + frequent.stream().filter(Objects::nonNull).mapToLong(FrequentValues::sizeBytes).sum();
    }

    /** Checks memory after a bucket: prunes at the soft limit, refuses new entities at the hard limit. */
    private void checkMemory() {
        long bytes = modelBytes();
        if (bytes >= SOFT_LIMIT_SHARE * memoryLimitBytes) {
            // series idle for a week (or the prune window, if shorter) go first, then what matters least
            long idleBefore = lastBucketStart - Math.min(pruneWindowMillis, IDLE_MILLIS);
            analyses.forEach(a -> {
                a.forgetIdle(idleBefore);
                a.prune();
            });
            bytes = modelBytes();
        }
        memoryStatus = bytes >= memoryLimitBytes ? MemoryStatus.HARD_LIMIT
                : bytes >= SOFT_LIMIT_SHARE * memoryLimitBytes ? MemoryStatus.SOFT_LIMIT : MemoryStatus.OK;
    }

    public MemoryStatus memoryStatus() {
        return memoryStatus;
    }

    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    public long allocationFailures() {
        return allocationFailures;
    }

    public long lastBucketStart() {
        return lastBucketStart;
    }

    /** The partition values modelled, and the by values (model_size_stats' counts). */
    public Set<String> partitions() {
        Set<String> partitions = new TreeSet<>();
        analyses.forEach(a -> a.partitions(partitions));
        return partitions;
    }

    public long byValues() {
        return analyses.stream().mapToLong(DetectorAnalysis::byValues).sum();
    }
}

package org.auditml.engine.score;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.context.ContextTerm;
import org.auditml.engine.context.FleetSpread;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.job.Job;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketInfluencer;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.Result;
import org.auditml.engine.result.Rounding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The job-wide half of a job: turns each closed bucket's {@link SeriesBucket} into Elastic's bucket, record and
 * influencer results, with scores normalised against the job's own history (per detector for records, per job for
 * buckets, per field for influencers), and weighs rare values by how the fleet knows them ({@link FleetSpread}). It
 * sees every series' candidates, whether the series were analysed in one place or apart.
 */
public final class BucketScorer {
    /** Records of a model still learning are held below the minor band. */
    static final double LEARNING_SCORE_CAP = 24;

    private final String jobId;
    private final long spanMillis;
    private final List<Detector> detectors;
    private final Map<String, ScoreNormalizer> normalizers = new TreeMap<>();
    /** Per rare detector weighed by context, the fleet's knowledge of its values. */
    private final Map<Integer, FleetSpread> fleets = new TreeMap<>();

    /** Scores anchored to probabilities as well as normalised ({@code auditml_severity}). */
    private final boolean anchored;

    public BucketScorer(String jobId, long spanMillis, List<Detector> detectors, boolean anchored) {
        this.jobId = jobId;
        this.spanMillis = spanMillis;
        this.detectors = detectors;
        this.anchored = anchored;
    }

    /** The job-wide scoring of a job. */
    public static BucketScorer of(Job job) {
        return new BucketScorer(job.jobId(), job.analysisConfig().bucketSpan().toMillis(),
                job.analysisConfig().detectors(), job.analysisConfig().anchorsSeverity());
    }

    /** A normalised score, and with auditml's severity at least what its probability is worth. */
    private double scored(double normalised, double probability) {
        return scored(normalised, probability, true);
    }

    private double scored(double normalised, double probability, boolean settled) {
        return anchored ? AnchoredScore.combine(normalised, probability, settled) : normalised;
    }

    /**
     * A renormalised bucket or influencer score of an anchored job: its probability's worth, ranked anew within the
     * critical band, never above the score it first had (a first week's came from history alone, capped).
     */
    private double held(double normalised, double initial, double probability) {
        return anchored ? Math.min(initial, AnchoredScore.combine(normalised, probability, true)) : normalised;
    }

    /** Where an anchored job's record score came from; null for Elastic's semantics. */
    private String scoreFrom(double normalised, double probability, boolean settled) {
        if (!anchored) {
            return null;
        }
        return settled ? AnomalyRecord.Explanation.FROM_PROBABILITY : AnomalyRecord.Explanation.FROM_HISTORY_SETTLING;
    }

    /** A closed bucket's results: the bucket, its records and influencers, then its model plots. */
    public List<Result> score(SeriesBucket bucket) {
        List<Candidate> candidates = weighFleet(bucket);
        long spanSeconds = spanMillis / 1000;
        // scope normalizers see every bucket's largest raw score, zeros included
        Map<String, Double> scopeMax = new TreeMap<>();
        for (int i = 0; i < detectors.size(); i++) {
            if (bucket.activeDetectors().get(i)) {
                scopeMax.putIfAbsent(scope(i), 0.0);
            }
        }
        for (Candidate c : candidates) {
            // a model still learning is not trusted: its scores do not shape the scale of later ones
            if (!c.likelihood().learning()) {
                scopeMax.merge(scope(c.detector()), c.likelihood().raw(), Math::max);
            }
        }
        scopeMax.forEach((scope, raw) -> normalizer(scope).add(raw));

        List<AnomalyRecord> records = new ArrayList<>();
        double bucketRaw = 0;
        double bucketProbability = 1;
        double anchorProbability = 1;
        // field → value → what the bucket's records say of it
        Map<String, Map<String, InfluenceShare>> influence = new TreeMap<>();
        double ownMax = 0;
        for (List<Candidate> group : byEntity(candidates)) {
            Candidate.Likelihood c = group.get(0).likelihood();
            double normalised = c.ownScore() != null ? c.ownScore()
                    : Math.min(normalizer(scope(group.get(0).detector())).normalize(c.raw()),
                    RawScore.scoreCap(c.probability()));
            double score = c.ownScore() != null ? normalised : scored(normalised, c.probability(), c.settled());
            String from = c.ownScore() != null || c.learning() ? null
                    : scoreFrom(normalised, c.probability(), c.settled());
            if (c.ownScore() != null && !c.learning()) {
                ownMax = Math.max(ownMax, c.ownScore());
            }
            if (c.learning()) {
                score = Math.min(score, LEARNING_SCORE_CAP);
            }
            score = round(score);
            records.add(record(bucket.start(), spanSeconds, group, score, from, influence));
            if (!c.learning()) {
                bucketRaw = Math.max(bucketRaw, c.raw());
                bucketProbability = Math.min(bucketProbability, c.probability());
                if (c.settled()) { // a bucket's anchor is its settled models' most unlikely series
                    anchorProbability = Math.min(anchorProbability, c.probability());
                }
            }
        }
        ScoreNormalizer bucketNormalizer = normalizer("bucket");
        bucketNormalizer.add(bucketRaw);
        // a model's own scores are not normalised: the bucket is as anomalous as its most anomalous such record
        double timeScore = round(Math.max(ownMax, scored(Math.min(bucketNormalizer.normalize(bucketRaw),
                RawScore.scoreCap(bucketProbability)), anchorProbability)));

        List<BucketInfluencer> bucketInfluencers = new ArrayList<>();
        List<InfluencerResult> influencerResults = new ArrayList<>();
        if (!records.isEmpty()) { // as ml-cpp: the bucket's own share goes with every bucket that has records
            bucketInfluencers.add(BucketInfluencer.share(BucketInfluencer.BUCKET_TIME, timeScore, timeScore,
                    bucketRaw, bucketProbability, null));
        }
        influence.forEach((field, values) -> {
            ScoreNormalizer n = normalizer("influencer:" + field);
            InfluenceShare fieldShare = new InfluenceShare();
            values.values().forEach(fieldShare::add);
            n.add(fieldShare.rawOfAll());
            InfluenceShare.ScoreFunction against = (raw, anchor) -> scored(n.normalize(raw), anchor);
            double fieldScore = round(fieldShare.score(against, LEARNING_SCORE_CAP));
            bucketInfluencers.add(BucketInfluencer.share(field, fieldScore, fieldScore, fieldShare.raw(),
                    fieldShare.probability(), learningMark(fieldShare)));
            values.forEach((value, share) -> {
                double s = round(share.score(against, LEARNING_SCORE_CAP));
                influencerResults.add(new InfluencerResult(jobId, bucket.start(), spanSeconds, field, value, s, s,
                        share.probability(), false, learningMark(share)));
            });
        });
        double anomalyScore = maxScore(bucketInfluencers);
        List<Result> out = new ArrayList<>(1 + records.size() + influencerResults.size() + bucket.plots().size());
        out.add(new BucketResult(jobId, bucket.start(), spanSeconds, anomalyScore, anomalyScore, bucket.eventCount(),
                false, bucketInfluencers, 0));
        out.addAll(records);
        out.addAll(influencerResults);
        bucket.plots().forEach(p -> out.add(p.doc()));
        return out;
    }

    /**
     * The bucket's candidates with the fleet's part of their context weighed: each rare value's probability is
     * multiplied by the fleet's terms, then its own series' terms, and those that stay insignificant are dropped.
     * Values are judged against the fleet as it stood before the bucket; then what the bucket taught is learnt.
     */
    private List<Candidate> weighFleet(SeriesBucket bucket) {
        if (bucket.fleet().isEmpty()) {
            return bucket.candidates();
        }
        bucket.fleet().forEach((detector, news) -> news.forgotten().values().forEach(fleet(detector)::forget));
        List<Candidate> out = new ArrayList<>(bucket.candidates().size());
        for (Candidate c : bucket.candidates()) {
            Candidate.FleetQuestion q = c.fleet();
            if (q == null) {
                out.add(c);
                continue;
            }
            SeriesBucket.FleetNews news = bucket.fleet().get(c.detector());
            List<ContextTerm> terms = new ArrayList<>(fleet(c.detector()).terms(q.value(), q.knownHere(),
                    news.newOn(q.value()), news.present().size(), news.modelled()));
            terms.addAll(q.terms());
            double factor = 1;
            for (ContextTerm t : terms) {
                factor *= t.factor();
            }
            double probability = Math.max(Double.MIN_VALUE, Math.min(1.0, c.likelihood().probability() * factor));
            double raw = RawScore.of(probability);
            if (raw > 0) {
                String reason = terms.isEmpty() ? c.finding().reason() : c.finding().reason() + "; "
                        + String.join("; ", terms.stream().map(ContextTerm::reason).toList());
                out.add(c.resolved(probability, raw, reason));
            }
        }
        bucket.fleet().forEach((detector, news) -> news.learnt().values().forEach(fleet(detector)::learn));
        return out;
    }

    private FleetSpread fleet(int detector) {
        return fleets.computeIfAbsent(detector, d -> new FleetSpread());
    }

    /** After a restore: the fleet's knowledge of a detector's values, per partition, as the series' models hold it. */
    public void restoreFleet(int detector, Map<String, Set<String>> knownByPartition) {
        FleetSpread spread = new FleetSpread();
        knownByPartition.values().forEach(spread::learn);
        fleets.put(detector, spread);
    }

    /**
     * Per rare detector weighed by context, how many partitions know each value: the fleet's part, for a runner whose
     * series are kept apart from the scorer and cannot give it back through {@link #restoreFleet}.
     */
    public Map<Integer, java.util.SortedMap<String, Integer>> fleetState() {
        Map<Integer, java.util.SortedMap<String, Integer>> state = new TreeMap<>();
        fleets.forEach((detector, spread) -> state.put(detector, spread.knowing()));
        return state;
    }

    /** The fleet's part as {@link #fleetState} gave it. */
    public void restoreFleetState(Map<Integer, ? extends Map<String, Integer>> state) {
        fleets.clear();
        state.forEach((detector, knowing) -> fleets.put(detector, FleetSpread.of(knowing)));
    }

    /**
     * Candidates as records: population detectors (with an over field) give one record per entity, its candidates
     * becoming the causes, most significant first; the others one record per candidate.
     */
    private List<List<Candidate>> byEntity(List<Candidate> candidates) {
        List<List<Candidate>> groups = new ArrayList<>();
        Map<String, List<Candidate>> entities = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            Detector d = detectors.get(c.detector());
            if (d.overFieldName() != null && d.function() != DetectorFunction.FREQ_RARE) {
                entities.computeIfAbsent(c.detector() + "\u0000" + c.key().partition() + "\u0000" + c.key().over(), k -> {
                    List<Candidate> group = new ArrayList<>();
                    groups.add(group);
                    return group;
                }).add(c);
            } else {
                groups.add(List.of(c));
            }
        }
        List<List<Candidate>> sorted = new ArrayList<>(groups.size());
        for (List<Candidate> g : groups) {
            List<Candidate> copy = new ArrayList<>(g);
            copy.sort(Comparator.comparingDouble(c -> c.likelihood().probability()));
            sorted.add(copy);
        }
        return sorted;
    }

    private AnomalyRecord record(long start, long spanSeconds, List<Candidate> group, double score, String scoreFrom,
                                 Map<String, Map<String, InfluenceShare>> influence) {
        Candidate c = group.get(0);
        Detector d = detectors.get(c.detector());
        Map<String, Set<String>> values = new TreeMap<>();
        for (Candidate member : group) {
            member.influencers().forEach((field, v) -> values.computeIfAbsent(field, f -> new TreeSet<>()).addAll(v));
        }
        List<AnomalyRecord.Influence> inf = new ArrayList<>();
        values.forEach((field, v) -> {
            inf.add(new AnomalyRecord.Influence(field, List.copyOf(v)));
            for (String value : v) {
                influence.computeIfAbsent(field, f -> new TreeMap<>()).computeIfAbsent(value, x -> new InfluenceShare())
                        .add(c.likelihood());
            }
        });
        String function = d.function().jsonName();
        List<Double> actual = List.of(round(c.finding().actual()));
        List<Double> typical = List.of(round(c.finding().typical()));
        List<AnomalyRecord.Cause> causes = null;
        String reason = c.finding().reason();
        String by = c.key().by();
        boolean population = d.overFieldName() != null && d.function() != DetectorFunction.FREQ_RARE;
        if (population) {
            causes = new ArrayList<>();
            for (Candidate member : group.subList(0, Math.min(group.size(), AnomalyRecord.MAX_CAUSES))) {
                Candidate.Finding f = member.finding();
                causes.add(new AnomalyRecord.Cause(member.likelihood().probability(), function,
                        f.function() != null ? f.function() : function, d.fieldName(), d.byFieldName(),
                        member.key().by(), d.overFieldName(), member.key().over(), d.partitionFieldName(),
                        member.key().partition(), List.of(round(f.actual())), List.of(round(f.typical()))));
            }
            if (group.size() > 1) {
                reason = reason + "; and " + (group.size() - 1) + " more unusual " + (d.byFieldName() != null
                        ? d.byFieldName() + " value" + (group.size() > 2 ? "s" : "") : "feature" + (group.size() > 2 ? "s" : ""));
            }
            actual = null;
            typical = null;
            by = null;
        }
        Candidate.Finding f = c.finding();
        return new AnomalyRecord(jobId, start, spanSeconds, c.detector(), c.likelihood().probability(),
                f.multiBucketImpact(), score, score, false, function, f.function() != null ? f.function() : function,
                d.fieldName(), d.byFieldName(), by, d.partitionFieldName(), c.key().partition(), d.overFieldName(),
                c.key().over(), actual, typical, inf.isEmpty() ? null : inf, scoreFrom == null ? f.explanation() : explained(f.explanation(), scoreFrom), reason,
                c.likelihood().learning() ? Boolean.TRUE : null, causes);
    }

    /**
     * Renormalises earlier records against the scale as it stands now: each record's score is recomputed from its
     * probability; {@code initial_record_score} stays. Returns the records whose score moved by at least
     * {@code minChange}.
     */
    public List<AnomalyRecord> renormalize(List<AnomalyRecord> records, double minChange) {
        List<AnomalyRecord> changed = new ArrayList<>();
        for (AnomalyRecord r : records) {
            ScoreNormalizer n = normalizers.get(scope(r.detectorIndex()));
            if (Boolean.TRUE.equals(r.learning()) || n == null
                    || detectors.get(r.detectorIndex()).auditmlModel() != null) { // own scores are not normalised
                continue;
            }
            double normalised = Math.min(n.normalize(RawScore.of(r.probability())), RawScore.scoreCap(r.probability()));
            boolean settled = r.anomalyScoreExplanation() == null || !AnomalyRecord.Explanation.FROM_HISTORY_SETTLING
                    .equals(r.anomalyScoreExplanation().scoreFrom());
            double score = round(scored(normalised, r.probability(), settled));
            if (Math.abs(score - r.recordScore()) >= minChange) {
                String from = scoreFrom(normalised, r.probability(), settled);
                changed.add(from == null ? r.withRecordScore(score)
                        : r.withRecordScore(score, explained(r.anomalyScoreExplanation(), from)));
            }
        }
        return changed;
    }

    /**
     * Renormalises earlier buckets as {@link #renormalize} does records: the bucket influencers' shares are recomputed
     * from their raw scores against the scales as they stand now, and the bucket scores the largest (as Elasticsearch
     * renormalises); the initial scores stay.
     * Jobs with a model that scores itself (auditml_model) keep their bucket scores, as those are not normalised.
     */
    public List<BucketResult> renormalizeBuckets(List<BucketResult> buckets) {
        ScoreNormalizer bucketScale = normalizers.get("bucket");
        if (bucketScale == null || scoresItself()) {
            return List.of();
        }
        List<BucketResult> out = new ArrayList<>();
        for (BucketResult b : buckets) {
            List<BucketInfluencer> influencers = new ArrayList<>();
            for (BucketInfluencer i : b.bucketInfluencers()) {
                double s;
                if (Boolean.TRUE.equals(i.learning())) {
                    s = i.anomalyScore(); // as a learning model's records, never renormalised
                } else if (i.isBucketTime()) {
                    s = round(held(Math.min(bucketScale.normalize(i.rawAnomalyScore()),
                            RawScore.scoreCap(i.probability())), i.initialAnomalyScore(), i.probability()));
                } else {
                    ScoreNormalizer n = normalizers.get("influencer:" + i.influencerFieldName());
                    s = n == null ? i.anomalyScore()
                            : round(held(n.normalize(i.rawAnomalyScore()), i.initialAnomalyScore(), i.probability()));
                }
                influencers.add(i.withAnomalyScore(s));
            }
            out.add(new BucketResult(b.jobId(), b.timestamp(), b.bucketSpan(), maxScore(influencers),
                    b.initialAnomalyScore(), b.eventCount(), b.isInterim(), influencers, b.processingTimeMs()));
        }
        return out;
    }

    /** auditml's {@code learning} mark of a share only models still learning made: true, or absent. */
    private static Boolean learningMark(InfluenceShare share) {
        return share.learning() ? Boolean.TRUE : null;
    }

    /** Elastic's bucket score: the largest of its bucket influencers' (0 for a bucket without records). */
    private static double maxScore(List<BucketInfluencer> influencers) {
        return influencers.stream().mapToDouble(BucketInfluencer::anomalyScore).max().orElse(0);
    }

    /**
     * Renormalises earlier influencer results as {@link #renormalize} does records: each value's score is recomputed
     * from its probability against its field's scale as it stands now; {@code initial_influencer_score} stays. Jobs
     * with a model that scores itself (auditml_model) keep them, as their buckets are. Returns the results whose
     * score moved.
     */
    public List<InfluencerResult> renormalizeInfluencers(List<InfluencerResult> influencers) {
        if (scoresItself()) {
            return List.of();
        }
        List<InfluencerResult> changed = new ArrayList<>();
        for (InfluencerResult i : influencers) {
            ScoreNormalizer n = normalizers.get("influencer:" + i.influencerFieldName());
            if (n != null && !Boolean.TRUE.equals(i.learning())) {
                double score = round(held(n.normalize(RawScore.of(i.probability())), i.initialInfluencerScore(),
                        i.probability()));
                if (score != i.influencerScore()) {
                    changed.add(i.withInfluencerScore(score));
                }
            }
        }
        return changed;
    }

    /** Whether a detector's model scores its own anomalies (auditml_model): such a job's buckets and influencers keep their scores. */
    private boolean scoresItself() {
        return detectors.stream().anyMatch(d -> d.auditmlModel() != null);
    }

    /**
     * Records are normalised per detector, across partitions: one host's largest anomaly is weighed against the whole
     * fleet's, so a quiet host's mild oddity does not score like another host's intrusion.
     */
    private static String scope(int detector) {
        return "detector:" + detector;
    }

    private ScoreNormalizer normalizer(String scope) {
        // decay scaled to the bucket span: about a month of buckets of memory for 1 h buckets
        return normalizers.computeIfAbsent(scope, s -> new ScoreNormalizer(Math.min(0.01, spanMillis / 2_592_000_000.0)));
    }

    public Map<String, ScoreNormalizer.State> state() {
        Map<String, ScoreNormalizer.State> out = new TreeMap<>();
        normalizers.forEach((k, n) -> out.put(k, n.toState()));
        return out;
    }

    public void restore(Map<String, ScoreNormalizer.State> state) {
        state.forEach((k, n) -> normalizers.put(k, ScoreNormalizer.fromState(n)));
    }

    public long sizeBytes() {
        return normalizers.size() * 8_200L;
    }

    /** An explanation saying where the score came from (a bare one when the model gave none). */
    private static AnomalyRecord.Explanation explained(AnomalyRecord.Explanation e, String from) {
        return (e == null ? new AnomalyRecord.Explanation(null, null, null, null, null, null, null, null) : e)
                .withScoreFrom(from);
    }

    private static double round(double v) {
        return Rounding.sixDecimals(v);
    }
}

package org.auditml.engine;

import org.auditml.engine.job.Detector;
import org.auditml.engine.job.DetectorFunction;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.RawScore;
import org.auditml.engine.score.ScoreNormalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a closed bucket's candidates into Elastic's bucket, record and influencer results, with scores normalised
 * against the job's own history: per detector for records, per job for buckets, per field for influencers.
 */
final class BucketScorer {
    /** Records of a model still learning are held below the minor band. */
    static final double LEARNING_SCORE_CAP = 24;

    private final String jobId;
    private final long spanMillis;
    private final List<Detector> detectors;
    private final Map<String, ScoreNormalizer> normalizers = new TreeMap<>();

    BucketScorer(String jobId, long spanMillis, List<Detector> detectors) {
        this.jobId = jobId;
        this.spanMillis = spanMillis;
        this.detectors = detectors;
    }

    List<Result> score(OpenBucket bucket, List<Candidate> candidates) {
        long spanSeconds = spanMillis / 1000;
        // scope normalizers see every bucket's largest raw score, zeros included
        Map<String, Double> scopeMax = new TreeMap<>();
        for (int i = 0; i < detectors.size(); i++) {
            if (!bucket.series.get(i).isEmpty()) {
                scopeMax.putIfAbsent(scope(i), 0.0);
            }
        }
        for (Candidate c : candidates) {
            // a model still learning is not trusted: its scores do not shape the scale of later ones
            if (!c.learning()) {
                scopeMax.merge(scope(c.detector()), c.raw(), Math::max);
            }
        }
        scopeMax.forEach((scope, raw) -> normalizer(scope).add(raw));

        List<AnomalyRecord> records = new ArrayList<>();
        double bucketRaw = 0;
        double bucketProbability = 1;
        Map<String, Map<String, double[]>> influence = new TreeMap<>(); // field → value → {raw, probability}
        double ownMax = 0;
        for (List<Candidate> group : byEntity(candidates)) {
            Candidate c = group.get(0);
            double score = c.ownScore() != null ? c.ownScore()
                    : Math.min(normalizer(scope(c.detector())).normalize(c.raw()), RawScore.scoreCap(c.probability()));
            if (c.ownScore() != null && !c.learning()) {
                ownMax = Math.max(ownMax, c.ownScore());
            }
            if (c.learning()) {
                score = Math.min(score, LEARNING_SCORE_CAP);
            }
            score = DetectorAnalysis.round(score);
            records.add(record(bucket.start, spanSeconds, group, score, influence));
            if (!c.learning()) {
                bucketRaw = Math.max(bucketRaw, c.raw());
                bucketProbability = Math.min(bucketProbability, c.probability());
            }
        }
        ScoreNormalizer bucketNormalizer = normalizer("bucket");
        bucketNormalizer.add(bucketRaw);
        // a model's own scores are not normalised: the bucket is as anomalous as its most anomalous such record
        double anomalyScore = DetectorAnalysis.round(Math.max(ownMax, Math.min(bucketNormalizer.normalize(bucketRaw),
                RawScore.scoreCap(bucketProbability))));

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
            double fieldScore = DetectorAnalysis.round(n.normalize(fieldRaw));
            bucketInfluencers.add(new BucketResult.BucketInfluencer(field, fieldScore, fieldScore, fieldRaw, fieldProbability));
            values.forEach((value, rp) -> {
                double s = DetectorAnalysis.round(n.normalize(rp[0]));
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
     * Candidates as records: population detectors (with an over field) give one record per entity, its candidates
     * becoming the causes, most significant first; the others one record per candidate.
     */
    private List<List<Candidate>> byEntity(List<Candidate> candidates) {
        List<List<Candidate>> groups = new ArrayList<>();
        Map<String, List<Candidate>> entities = new java.util.LinkedHashMap<>();
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
            copy.sort(java.util.Comparator.comparingDouble(Candidate::probability));
            sorted.add(copy);
        }
        return sorted;
    }

    private AnomalyRecord record(long start, long spanSeconds, List<Candidate> group, double score,
                                 Map<String, Map<String, double[]>> influence) {
        Candidate c = group.get(0);
        Detector d = detectors.get(c.detector());
        Map<String, java.util.Set<String>> values = new TreeMap<>();
        for (Candidate member : group) {
            if (member.data() != null) {
                member.data().influencers.forEach((field, v) -> values.computeIfAbsent(field, f -> new java.util.TreeSet<>()).addAll(v));
            }
        }
        List<AnomalyRecord.Influence> inf = new ArrayList<>();
        values.forEach((field, v) -> {
            inf.add(new AnomalyRecord.Influence(field, List.copyOf(v)));
            for (String value : v) {
                influence.computeIfAbsent(field, f -> new TreeMap<>()).merge(value,
                        new double[]{c.raw(), c.probability()},
                        (x, y) -> new double[]{Math.max(x[0], y[0]), Math.min(x[1], y[1])});
            }
        });
        String function = d.function().jsonName();
        List<Double> actual = List.of(DetectorAnalysis.round(c.actual()));
        List<Double> typical = List.of(DetectorAnalysis.round(c.typical()));
        List<AnomalyRecord.Cause> causes = null;
        String reason = c.reason();
        String by = c.key().by();
        boolean population = d.overFieldName() != null && d.function() != DetectorFunction.FREQ_RARE;
        if (population) {
            causes = new ArrayList<>();
            for (Candidate member : group.subList(0, Math.min(group.size(), AnomalyRecord.MAX_CAUSES))) {
                causes.add(new AnomalyRecord.Cause(member.probability(), function,
                        member.function() != null ? member.function() : function, d.fieldName(), d.byFieldName(),
                        member.key().by(), d.overFieldName(), member.key().over(), d.partitionFieldName(),
                        member.key().partition(), List.of(DetectorAnalysis.round(member.actual())),
                        List.of(DetectorAnalysis.round(member.typical()))));
            }
            if (group.size() > 1) {
                reason = reason + "; and " + (group.size() - 1) + " more unusual " + (d.byFieldName() != null
                        ? d.byFieldName() + " value" + (group.size() > 2 ? "s" : "") : "feature" + (group.size() > 2 ? "s" : ""));
            }
            actual = null;
            typical = null;
            by = null;
        }
        return new AnomalyRecord(jobId, start, spanSeconds, c.detector(), c.probability(), c.multiBucketImpact(),
                score, score, false, function, c.function() != null ? c.function() : function, d.fieldName(),
                d.byFieldName(), by, d.partitionFieldName(), c.key().partition(), d.overFieldName(), c.key().over(),
                actual, typical, inf.isEmpty() ? null : inf, c.explanation(), reason, c.learning() ? Boolean.TRUE : null,
                causes);
    }

    /**
     * Renormalises earlier records against the scale as it stands now: each record's score is recomputed from its
     * probability; {@code initial_record_score} stays. Returns the records whose score moved by at least
     * {@code minChange}.
     */
    List<AnomalyRecord> renormalize(List<AnomalyRecord> records, double minChange) {
        List<AnomalyRecord> changed = new ArrayList<>();
        for (AnomalyRecord r : records) {
            ScoreNormalizer n = normalizers.get(scope(r.detectorIndex()));
            if (Boolean.TRUE.equals(r.learning()) || n == null
                    || detectors.get(r.detectorIndex()).auditmlModel() != null) { // own scores are not normalised
                continue;
            }
            double score = DetectorAnalysis.round(Math.min(n.normalize(RawScore.of(r.probability())),
                    RawScore.scoreCap(r.probability())));
            if (Math.abs(score - r.recordScore()) >= minChange) {
                changed.add(r.withRecordScore(score));
            }
        }
        return changed;
    }

    /**
     * Renormalises earlier buckets as {@link #renormalize} does records: the bucket's score and its influencers'
     * shares are recomputed from their raw scores against the scales as they stand now; the initial scores stay.
     * Jobs with a model that scores itself (auditml_model) keep their bucket scores, as those are not normalised.
     */
    List<BucketResult> renormalizeBuckets(List<BucketResult> buckets) {
        ScoreNormalizer bucketScale = normalizers.get("bucket");
        if (bucketScale == null || scoresItself()) {
            return List.of();
        }
        List<BucketResult> out = new ArrayList<>();
        for (BucketResult b : buckets) {
            double score = b.anomalyScore();
            List<BucketResult.BucketInfluencer> influencers = new ArrayList<>();
            for (BucketResult.BucketInfluencer i : b.bucketInfluencers()) {
                double s;
                if ("bucket_time".equals(i.influencerFieldName())) {
                    s = DetectorAnalysis.round(Math.min(bucketScale.normalize(i.rawAnomalyScore()),
                            RawScore.scoreCap(i.probability())));
                    score = s;
                } else {
                    ScoreNormalizer n = normalizers.get("influencer:" + i.influencerFieldName());
                    s = n == null ? i.anomalyScore() : DetectorAnalysis.round(n.normalize(i.rawAnomalyScore()));
                }
                influencers.add(new BucketResult.BucketInfluencer(i.influencerFieldName(), i.initialAnomalyScore(), s,
                        i.rawAnomalyScore(), i.probability()));
            }
            out.add(new BucketResult(b.jobId(), b.timestamp(), b.bucketSpan(), score, b.initialAnomalyScore(),
                    b.eventCount(), b.isInterim(), influencers, b.processingTimeMs()));
        }
        return out;
    }

    /**
     * Renormalises earlier influencer results as {@link #renormalize} does records: each value's score is recomputed
     * from its probability against its field's scale as it stands now; {@code initial_influencer_score} stays. Jobs
     * with a model that scores itself (auditml_model) keep them, as their buckets are. Returns the results whose
     * score moved.
     */
    List<InfluencerResult> renormalizeInfluencers(List<InfluencerResult> influencers) {
        if (scoresItself()) {
            return List.of();
        }
        List<InfluencerResult> changed = new ArrayList<>();
        for (InfluencerResult i : influencers) {
            ScoreNormalizer n = normalizers.get("influencer:" + i.influencerFieldName());
            if (n != null) {
                double score = DetectorAnalysis.round(n.normalize(RawScore.of(i.probability())));
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

    Map<String, ScoreNormalizer.State> state() {
        Map<String, ScoreNormalizer.State> out = new TreeMap<>();
        normalizers.forEach((k, n) -> out.put(k, n.toState()));
        return out;
    }

    void restore(Map<String, ScoreNormalizer.State> state) {
        state.forEach((k, n) -> normalizers.put(k, ScoreNormalizer.fromState(n)));
    }

    long sizeBytes() {
        return normalizers.size() * 8_200L;
    }
}

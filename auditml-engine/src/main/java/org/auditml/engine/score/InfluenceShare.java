package org.auditml.engine.score;

import org.auditml.engine.bucket.Candidate;

/**
 * What a bucket's records say of one influencer value, or of one influencer field over its values: the largest raw
 * score, the smallest probability and the smallest probability of settled models, kept apart for models still
 * learning, whose part is held below the minor band as their records are.
 */
final class InfluenceShare {
    private double raw;
    private double probability = 1;
    private double anchor = 1;
    private double learningRaw;
    private double learningProbability = 1;
    private double learningAnchor = 1;

    /** Adds what one record's likelihood says. */
    void add(Candidate.Likelihood l) {
        double settledProbability = l.settled() ? l.probability() : 1;
        if (l.learning()) {
            learningRaw = Math.max(learningRaw, l.raw());
            learningProbability = Math.min(learningProbability, l.probability());
            learningAnchor = Math.min(learningAnchor, settledProbability);
        } else {
            raw = Math.max(raw, l.raw());
            probability = Math.min(probability, l.probability());
            anchor = Math.min(anchor, settledProbability);
        }
    }

    /** Adds another share (a field's share is its values'). */
    void add(InfluenceShare o) {
        raw = Math.max(raw, o.raw);
        probability = Math.min(probability, o.probability);
        anchor = Math.min(anchor, o.anchor);
        learningRaw = Math.max(learningRaw, o.learningRaw);
        learningProbability = Math.min(learningProbability, o.learningProbability);
        learningAnchor = Math.min(learningAnchor, o.learningAnchor);
    }

    /** The largest raw score, learning models' included, as written in the result. */
    double raw() {
        return Math.max(raw, learningRaw);
    }

    /** The smallest probability, learning models' included, as written in the result. */
    double probability() {
        return Math.min(probability, learningProbability);
    }

    /**
     * The score: the trusted part's, or the learning models' part held at {@code learningCap}, whichever is higher.
     *
     * @param score a raw score and an anchoring probability to a score, against the scope's scale
     */
    double score(ScoreFunction score, double learningCap) {
        double trusted = raw > 0 ? score.of(raw, anchor) : 0;
        double learning = learningRaw > 0 ? Math.min(learningCap, score.of(learningRaw, learningAnchor)) : 0;
        return Math.max(trusted, learning);
    }

    /** A raw score and an anchoring probability to a score. */
    @FunctionalInterface
    interface ScoreFunction {
        double of(double raw, double anchorProbability);
    }
}

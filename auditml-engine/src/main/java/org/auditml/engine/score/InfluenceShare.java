package org.auditml.engine.score;

import org.auditml.engine.bucket.Candidate;

/**
 * What a bucket's records say of one influencer value, or of one influencer field over its values: the largest raw
 * score, the smallest probability and the smallest probability of settled models. Models still learning are not
 * trusted: what they found counts only where no trusted model found anything, and is then held below the minor band
 * and marked as learning, as their records are.
 */
final class InfluenceShare {
    private final Part trusted = new Part();
    private final Part learning = new Part();

    /** The largest raw score and smallest probabilities of some records. */
    private static final class Part {
        double raw;
        double probability = 1;
        double anchor = 1;
        boolean any;

        void add(double r, double p, double settledP) {
            raw = Math.max(raw, r);
            probability = Math.min(probability, p);
            anchor = Math.min(anchor, settledP);
            any = true;
        }

        void add(Part o) {
            if (o.any) {
                add(o.raw, o.probability, o.anchor);
            }
        }
    }

    /** Adds what one record's likelihood says. */
    void add(Candidate.Likelihood l) {
        (l.learning() ? learning : trusted).add(l.raw(), l.probability(), l.settled() ? l.probability() : 1);
    }

    /** Adds another share (a field's share is its values'). */
    void add(InfluenceShare o) {
        trusted.add(o.trusted);
        learning.add(o.learning);
    }

    /** Whether only models still learning said anything of it. */
    boolean learning() {
        return !trusted.any;
    }

    private Part counted() {
        return learning() ? learning : trusted;
    }

    /** The raw score written in the result: the trusted records', or the learning ones' where there are none. */
    double raw() {
        return counted().raw;
    }

    /** The probability written in the result, as {@link #raw()}. */
    double probability() {
        return counted().probability;
    }

    /** The largest raw score of all the records, learning ones included. */
    double rawOfAll() {
        return Math.max(trusted.raw, learning.raw);
    }

    /**
     * The score, from {@link #raw()} and the anchoring probability of the part counted; held at {@code learningCap}
     * where only learning models found anything.
     */
    double score(ScoreFunction score, double learningCap) {
        Part p = counted();
        double s = p.raw > 0 ? score.of(p.raw, p.anchor) : 0;
        return learning() ? Math.min(learningCap, s) : s;
    }

    /** A raw score and an anchoring probability to a score, against a scope's scale. */
    @FunctionalInterface
    interface ScoreFunction {
        double of(double raw, double anchorProbability);
    }
}

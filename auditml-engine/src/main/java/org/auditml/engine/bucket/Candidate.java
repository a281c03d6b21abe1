package org.auditml.engine.bucket;

import org.auditml.engine.context.ContextTerm;
import org.auditml.engine.result.AnomalyRecord;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An unusual series in a closing bucket, as its detector's analysis found it and before the job-wide scoring turns it
 * into a record: where it was found, how unlikely it was, what was found, and the influencer values of its series.
 * Plain values only, so that series analysed apart (on other machines) can hand their candidates to one scorer.
 *
 * @param pass        the detector's pass that found it: which statistic of {@code metric} (min, mean, max) or 0;
 *                    candidates are ordered by detector, pass, then partition
 * @param influencers the influencer values seen in the series, per field, sorted
 * @param fleet       for a rare value weighed by auditml's context: what the job-wide part must still weigh (the
 *                    value's spread over the fleet); null otherwise
 */
public record Candidate(int detector, int pass, SeriesKey key, Likelihood likelihood, Finding finding,
                        Map<String, List<String>> influencers, FleetQuestion fleet) {

    public Candidate {
        influencers = Collections.unmodifiableMap(new TreeMap<>(influencers));
    }

    /**
     * How unlikely the series was.
     *
     * @param raw      Elastic's raw score of the probability
     * @param ownScore a record score (0-100) the model calibrated itself, used as it is instead of normalising; null
     *                 for Elastic's models
     * @param settled  whether the model's probabilities are calibrated enough to stand for a severity on their own
     *                 (a count model once it knows a week's shape); a model past learning but not settled is scored
     *                 against the job's history only
     */
    public record Likelihood(double probability, double raw, boolean learning, Double ownScore, boolean settled) {
        /** A likelihood from a model whose probabilities are settled (see {@link #settled}). */
        public Likelihood(double probability, double raw, boolean learning, Double ownScore) {
            this(probability, raw, learning, ownScore, true);
        }
    }

    /**
     * What was found, for the record.
     *
     * @param function the function to report when it differs from the detector's ({@code metric} reports which of
     *                 min, mean and max was unusual); null for the detector's own
     */
    public record Finding(double actual, double typical, String function, String reason,
                          AnomalyRecord.Explanation explanation, Double multiBucketImpact) {
    }

    /**
     * A rare value whose context is weighed in two parts: the terms of its own series (who ran it, where it lives, how
     * settled its partition is) and, job-wide, how the fleet knows the value. {@link Likelihood#probability} is the
     * model's, before any term.
     *
     * @param knownHere whether the value's own partition knew it before the bucket
     * @param terms     the series' own terms, in the order they apply after the fleet's
     */
    public record FleetQuestion(String value, boolean knownHere, List<ContextTerm> terms) {
        public FleetQuestion {
            terms = List.copyOf(terms);
        }
    }

    /** The same anomaly from a model still learning: it is held below the minor band. */
    public Candidate asLearning() {
        return new Candidate(detector, pass, key, new Likelihood(likelihood.probability, likelihood.raw, true,
                likelihood.ownScore, likelihood.settled), finding, influencers, fleet);
    }

    /** The candidate once the fleet's part of its context is weighed: its final probability and reason. */
    public Candidate resolved(double probability, double raw, String reason) {
        Finding f = new Finding(finding.actual, finding.typical, finding.function, reason, finding.explanation,
                finding.multiBucketImpact);
        return new Candidate(detector, pass, key, new Likelihood(probability, raw, likelihood.learning,
                likelihood.ownScore, likelihood.settled), f, influencers, null);
    }
}

package org.auditml.engine;

import org.auditml.engine.result.AnomalyRecord;

/**
 * A scored anomaly of one series in a closing bucket, before the job's normalisers turn it into a record.
 *
 * @param function the function to report when it differs from the detector's ({@code metric} reports which of
 *                 min, mean and max was unusual); null for the detector's own
 * @param ownScore a record score (0-100) the model calibrated itself, used as it is instead of normalising; null
 *                 for Elastic's models
 */
record Candidate(int detector, SeriesKey key, double probability, double raw, double actual, double typical,
                 String reason, AnomalyRecord.Explanation explanation, boolean learning, OpenBucket.SeriesData data,
                 Double multiBucketImpact, String function, Double ownScore) {

    Candidate(int detector, SeriesKey key, double probability, double raw, double actual, double typical, String reason,
              AnomalyRecord.Explanation explanation, boolean learning, OpenBucket.SeriesData data,
              Double multiBucketImpact, String function) {
        this(detector, key, probability, raw, actual, typical, reason, explanation, learning, data, multiBucketImpact,
                function, null);
    }

    Candidate(int detector, SeriesKey key, double probability, double raw, double actual, double typical, String reason,
              AnomalyRecord.Explanation explanation, boolean learning, OpenBucket.SeriesData data,
              Double multiBucketImpact) {
        this(detector, key, probability, raw, actual, typical, reason, explanation, learning, data, multiBucketImpact, null);
    }

    /** An anomaly with the model's own score (0-100); its probability is taken as 1 − score/100, its raw as score/100. */
    static Candidate scored(int detector, SeriesKey key, double score, double actual, String reason,
                            OpenBucket.SeriesData data) {
        return new Candidate(detector, key, 1 - score / 100, score / 100, actual, actual, reason, null, false, data,
                null, null, score);
    }

    /** The same anomaly from a model still learning: it is held below the minor band. */
    Candidate asLearning() {
        return new Candidate(detector, key, probability, raw, actual, typical, reason, explanation, true, data,
                multiBucketImpact, function, ownScore);
    }
}

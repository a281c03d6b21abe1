package org.auditml.engine;

import org.auditml.engine.result.AnomalyRecord;

/**
 * A scored anomaly of one series in a closing bucket, before the job's normalisers turn it into a record.
 *
 * @param function the function to report when it differs from the detector's ({@code metric} reports which of
 *                 min, mean and max was unusual); null for the detector's own
 */
record Candidate(int detector, SeriesKey key, double probability, double raw, double actual, double typical,
                 String reason, AnomalyRecord.Explanation explanation, boolean learning, OpenBucket.SeriesData data,
                 Double multiBucketImpact, String function) {

    Candidate(int detector, SeriesKey key, double probability, double raw, double actual, double typical, String reason,
              AnomalyRecord.Explanation explanation, boolean learning, OpenBucket.SeriesData data,
              Double multiBucketImpact) {
        this(detector, key, probability, raw, actual, typical, reason, explanation, learning, data, multiBucketImpact, null);
    }

    /** The same anomaly from a model still learning: it is held below the minor band. */
    Candidate asLearning() {
        return new Candidate(detector, key, probability, raw, actual, typical, reason, explanation, true, data,
                multiBucketImpact, function);
    }
}

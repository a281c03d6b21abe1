/**
 * The job-wide half of a job, and from probability to a 0–100 score: {@link org.auditml.engine.score.BucketScorer}
 * turns every closed bucket's candidates into bucket, record and influencer results;
 * {@link org.auditml.engine.score.RawScore} is ml-cpp's piecewise map (0 above p = 0.05),
 * {@link org.auditml.engine.score.ScoreNormalizer} scores against the job's own history, per scope, and
 * {@link org.auditml.engine.score.Severity} names the bands.
 */
package org.auditml.engine.score;

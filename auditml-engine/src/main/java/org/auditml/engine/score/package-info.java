/**
 * From probability to a 0–100 score: {@link org.auditml.engine.score.RawScore} (ml-cpp's piecewise map, 0 above
 * p = 0.05), {@link org.auditml.engine.score.ScoreNormalizer} (against the job's own history, per scope) and the
 * severity bands.
 */
package org.auditml.engine.score;

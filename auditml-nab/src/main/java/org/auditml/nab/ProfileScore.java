package org.auditml.nab;

/**
 * A detector's NAB result under one profile: the threshold applied to the whole corpus, the raw score there, the
 * score normalised to 0 (null detector) … 100 (perfect detector), and the windows detected and false-positive rows.
 * A threshold of {@link NabScorer#NO_DETECTIONS} means that detecting nothing scored best.
 */
public record ProfileScore(String profile, double threshold, double rawScore, double normalisedScore,
                           int detectedWindows, int falsePositives) {
}

package org.auditml.nab;

/**
 * A raw (unnormalised) NAB score of one file or of the corpus at one threshold, with the number of windows detected
 * and of false-positive rows (rows, not events: every detection outside a window counts).
 */
public record RawScore(double rawScore, int detectedWindows, int falsePositives) {
}

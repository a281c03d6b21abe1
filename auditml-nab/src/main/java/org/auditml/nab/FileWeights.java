package org.auditml.nab;

import java.util.List;

/**
 * What a detection on each row of one file would be worth (spec §2.4), before the profile's weights are applied:
 * for each row its window (or −1) and its σ value. Rows of the probation period are not scored.
 */
final class FileWeights {
    /** Marks a row outside every window. */
    static final int OUTSIDE = -1;

    private final int probation;
    private final int windowCount;
    private final int[] windowOfRow;
    private final double[] sigma;

    FileWeights(int rowCount, List<AnomalyWindow> windows) {
        this.probation = DataFile.probationLength(rowCount);
        this.windowCount = windows.size();
        this.windowOfRow = new int[rowCount];
        this.sigma = new double[rowCount];
        int next = 0;              // the next window not yet entered
        AnomalyWindow previous = null; // the last window that ended before the current row
        for (int i = 0; i < rowCount; i++) {
            AnomalyWindow current = next < windows.size() && windows.get(next).contains(i) ? windows.get(next) : null;
            if (current != null) {
                windowOfRow[i] = next;
                sigma[i] = ScaledSigmoid.of(-(double) (current.lastRow() - i + 1) / current.width());
                if (i == current.lastRow()) {
                    previous = current;
                    next++;
                }
            } else {
                windowOfRow[i] = OUTSIDE;
                sigma[i] = previous == null ? -1.0 : ScaledSigmoid.of(falsePositivePosition(previous, i));
            }
        }
    }

    /** {@code (i − R') / (W' − 1)}; a window of one row gives no discount at all. */
    private static double falsePositivePosition(AnomalyWindow previous, int row) {
        int span = previous.width() - 1;
        return span == 0 ? Double.POSITIVE_INFINITY : (double) (row - previous.lastRow()) / span;
    }

    int rowCount() {
        return windowOfRow.length;
    }

    /** The first scored row. */
    int probation() {
        return probation;
    }

    int windowCount() {
        return windowCount;
    }

    /** The file's window index of a row, or {@link #OUTSIDE}. */
    int windowOf(int row) {
        return windowOfRow[row];
    }

    /** The scaled sigmoid of the row's relative position. */
    double sigma(int row) {
        return sigma[row];
    }

    /** What a detection on {@code row} is worth under {@code profile}: a true positive's value or an FP's cost. */
    double value(int row, CostProfile profile) {
        return value(windowOfRow[row] != OUTSIDE, sigma[row], profile);
    }

    static double value(boolean inWindow, double sigma, CostProfile profile) {
        return inWindow ? sigma * profile.tpWeight() / ScaledSigmoid.MAX : sigma * profile.fpWeight();
    }

    /** The file's raw score when every scored row with score ≥ {@code threshold} is a detection (spec §2.5). */
    RawScore score(double[] anomalyScores, CostProfile profile, double threshold) {
        double[] windowTerm = new double[windowCount];
        boolean[] detected = new boolean[windowCount];
        double falsePositiveSum = 0;
        int falsePositives = 0;
        for (int i = probation; i < windowOfRow.length; i++) {
            if (anomalyScores[i] < threshold) {
                continue;
            }
            int w = windowOfRow[i];
            if (w == OUTSIDE) {
                falsePositiveSum += value(i, profile);
                falsePositives++;
            } else if (!detected[w]) { // rows are visited in order: the first detection is the earliest
                detected[w] = true;
                windowTerm[w] = value(i, profile);
            }
        }
        double total = 0;
        int detectedWindows = 0;
        for (int w = 0; w < windowCount; w++) {
            total += detected[w] ? windowTerm[w] : -profile.fnWeight();
            detectedWindows += detected[w] ? 1 : 0;
        }
        return new RawScore(total + falsePositiveSum, detectedWindows, falsePositives);
    }
}

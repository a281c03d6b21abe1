package org.auditml.nab;

import java.util.Arrays;
import java.util.List;

/**
 * The exact corpus-wide threshold optimisation (spec §2.7). The scored rows of all files are put once in groups of
 * equal anomaly score, highest first (distinct scores sorted once, then a counting sort of the rows by rank); each
 * profile then lowers the threshold one group at a time, keeping a running total: a false positive adds its cost, a
 * detection in a window replaces that window's term when it is worth more (is earlier). Grouping is O(n log n) once
 * per detector; each profile's sweep is O(n).
 */
final class ThresholdSweep {
    private final int windowCount;
    private final double[] groupScore; // distinct anomaly scores, descending
    private final int[] groupEnd;      // group g holds rows [groupEnd[g - 1], groupEnd[g]) of the arrays below
    private final int[] window;        // corpus-wide window id of each scored row, or FileWeights.OUTSIDE
    private final double[] sigma;

    /** {@code scores} is aligned with {@code files}: one anomaly score per row of each file. */
    ThresholdSweep(List<FileWeights> files, List<double[]> scores) {
        int n = 0;
        for (FileWeights f : files) {
            n += f.rowCount() - f.probation();
        }
        double[] rowScore = new double[n];
        int[] rowWindow = new int[n];
        double[] rowSigma = new double[n];
        int r = 0;
        int windowBase = 0;
        for (int k = 0; k < files.size(); k++) {
            FileWeights f = files.get(k);
            double[] s = scores.get(k);
            for (int i = f.probation(); i < f.rowCount(); i++, r++) {
                rowScore[r] = s[i] + 0.0; // −0.0 becomes 0.0: equal scores must share a group
                int w = f.windowOf(i);
                rowWindow[r] = w == FileWeights.OUTSIDE ? w : windowBase + w;
                rowSigma[r] = f.sigma(i);
            }
            windowBase += f.windowCount();
        }
        this.windowCount = windowBase;

        double[] ascending = distinctAscending(rowScore);
        int groups = ascending.length;
        int[] groupOf = new int[n];
        this.groupEnd = new int[groups];
        for (int i = 0; i < n; i++) {
            groupOf[i] = groups - 1 - Arrays.binarySearch(ascending, rowScore[i]);
            groupEnd[groupOf[i]]++;
        }
        for (int g = 1; g < groups; g++) {
            groupEnd[g] += groupEnd[g - 1];
        }
        this.window = new int[n];
        this.sigma = new double[n];
        int[] next = new int[groups];
        for (int g = 1; g < groups; g++) {
            next[g] = groupEnd[g - 1];
        }
        for (int i = 0; i < n; i++) {
            int at = next[groupOf[i]]++;
            window[at] = rowWindow[i];
            sigma[at] = rowSigma[i];
        }
        this.groupScore = new double[groups];
        for (int g = 0; g < groups; g++) {
            groupScore[g] = ascending[groups - 1 - g];
        }
    }

    /**
     * The threshold with the highest corpus score under {@code profile} and that score; {@code noDetections} (with
     * the null score) when detecting nothing is best. On equal totals the higher threshold is kept.
     */
    Best best(CostProfile profile, double noDetections) {
        double[] term = new double[windowCount];
        boolean[] detected = new boolean[windowCount];
        double total = profile.nullScore(windowCount);
        int detectedWindows = 0;
        int falsePositives = 0;
        Best best = new Best(noDetections, new RawScore(total, 0, 0));
        int row = 0;
        for (int g = 0; g < groupScore.length; g++) {
            for (; row < groupEnd[g]; row++) {
                int w = window[row];
                if (w == FileWeights.OUTSIDE) {
                    total += FileWeights.value(false, sigma[row], profile);
                    falsePositives++;
                    continue;
                }
                double value = FileWeights.value(true, sigma[row], profile);
                if (!detected[w]) {
                    detected[w] = true;
                    detectedWindows++;
                    total += value + profile.fnWeight();
                    term[w] = value;
                } else if (value > term[w]) {
                    total += value - term[w];
                    term[w] = value;
                }
            }
            if (total > best.score().rawScore()) {
                best = new Best(groupScore[g], new RawScore(total, detectedWindows, falsePositives));
            }
        }
        return best;
    }

    /** A threshold and the corpus score it gives. */
    record Best(double threshold, RawScore score) {
    }

    private static double[] distinctAscending(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (m == 0 || sorted[i] != sorted[m - 1]) {
                sorted[m++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, m);
    }
}

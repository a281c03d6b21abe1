package org.auditml.nab;

import java.util.Objects;

/**
 * One series of the corpus, rows in file order (never sorted or de-duplicated: NAB aligns by row). Values are kept
 * both parsed and as written, so results can repeat them unchanged.
 */
public final class DataFile {
    private final String relativePath;
    private final String[] timestamps;
    private final String[] valueTexts;
    private final double[] values;

    DataFile(String relativePath, String[] timestamps, String[] valueTexts, double[] values) {
        if (timestamps.length != valueTexts.length || timestamps.length != values.length) {
            throw new IllegalArgumentException("column lengths differ in " + relativePath);
        }
        this.relativePath = Objects.requireNonNull(relativePath);
        this.timestamps = timestamps;
        this.valueTexts = valueTexts;
        this.values = values;
    }

    /** The corpus name, {@code <category>/<file>.csv}. */
    public String relativePath() {
        return relativePath;
    }

    public int rowCount() {
        return timestamps.length;
    }

    /** The timestamp of a row as written, {@code YYYY-MM-DD HH:MM:SS}. */
    public String timestamp(int row) {
        return timestamps[row];
    }

    public double value(int row) {
        return values[row];
    }

    /** The value of a row exactly as written in the data file. */
    public String valueText(int row) {
        return valueTexts[row];
    }

    /** The index of the first row stamped {@code timestamp}, or -1. */
    public int firstRowAt(String timestamp) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i].equals(timestamp)) {
                return i;
            }
        }
        return -1;
    }

    /** NAB's probation length: {@code min(floor(0.15 n), 750)} rows, which are not scored. */
    public int probationLength() {
        return probationLength(rowCount());
    }

    /** NAB's probation length for a file of {@code rows} rows. */
    public static int probationLength(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }
}

package org.auditml.nab;

/** A labelled anomaly window as row indices of its file, both ends inclusive. */
public record AnomalyWindow(int firstRow, int lastRow) {

    public AnomalyWindow {
        if (firstRow < 0 || lastRow < firstRow) {
            throw new IllegalArgumentException("bad window rows [" + firstRow + ", " + lastRow + "]");
        }
    }

    /** The number of rows in the window. */
    public int width() {
        return lastRow - firstRow + 1;
    }

    public boolean contains(int row) {
        return row >= firstRow && row <= lastRow;
    }
}

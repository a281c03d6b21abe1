package org.auditml.store;

import java.util.Objects;

/**
 * How far a followed log has been stored: the file being read for {@code path} (the path given to follow; the file
 * may be a rotated one by now), told by its device, inode and the hash of its first line (an inode is reused after a
 * rotation), and the byte offset and line up to which every event is stored. Committed with the events it covers.
 *
 * @param events         events stored from this path so far (all its files)
 * @param malformedLines lines of this path's files that were no audit record
 */
public record FilePosition(String path, long device, long inode, String head, long offset, long line, long events,
                           long malformedLines) {
    public FilePosition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(head, "head");
        if (offset < 0 || line < 0) {
            throw new IllegalArgumentException("a position is not negative: offset " + offset + ", line " + line);
        }
    }
}

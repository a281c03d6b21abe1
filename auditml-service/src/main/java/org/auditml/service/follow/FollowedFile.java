package org.auditml.service.follow;

/**
 * A followed path as the API shows it: the file read now (the path, or a rotated file being finished; null while
 * there is none), the offset up to which its events are stored, its size (what is beyond the offset is the lag),
 * the events stored from the path and its malformed lines, and what the follower is doing.
 */
public record FollowedFile(String path, String file, long offset, long size, long events, long malformedLines,
                           String state) {
}

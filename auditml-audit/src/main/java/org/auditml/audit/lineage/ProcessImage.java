package org.auditml.audit.lineage;

/**
 * One program a process ran: an exec loads a new image into the same pid. {@code source} is what it was read from
 * (an event, for a lineage built to be shown), or null where only the lineage's shape is kept.
 */
public record ProcessImage(long time, String executable, Object source) {
}

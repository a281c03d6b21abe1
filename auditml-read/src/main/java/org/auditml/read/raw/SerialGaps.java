package org.auditml.read.raw;

/**
 * Counts serial numbers that never appeared on one node: possible loss. Serials are unsigned 32-bit and wrap
 * around; a forward jump of 2^24 or more, or any jump back by as much, is taken as a restart, not as loss
 * (as go-libaudit's reassembler does). A serial that arrives late, after a gap was counted, takes one back.
 */
public final class SerialGaps {
    private static final long MODULUS = 1L << 32;
    private static final long MAX_GAP = (1L << 24) - 1;

    private boolean started;
    private long highest;
    private long missing;
    private long restarts;

    /** Notes an emitted event's serial. */
    public void see(long serial) {
        if (!started) {
            started = true;
            highest = serial;
            return;
        }
        long ahead = Math.floorMod(serial - highest, MODULUS);
        if (ahead == 0) {
            return;
        }
        if (ahead <= MAX_GAP) {
            missing += ahead - 1;
            highest = serial;
            return;
        }
        long behind = MODULUS - ahead;
        if (behind <= MAX_GAP) {
            if (missing > 0) {
                missing--;
            }
            return;
        }
        restarts++;
        highest = serial;
    }

    /** Serials skipped and not seen since. */
    public long missing() {
        return missing;
    }

    /** Jumps too large to be loss (a reboot resets the kernel's counter). */
    public long restarts() {
        return restarts;
    }
}

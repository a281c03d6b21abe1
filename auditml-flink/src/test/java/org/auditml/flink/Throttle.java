package org.auditml.flink;

import org.apache.flink.api.common.functions.MapFunction;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes lines on and, while {@link #ON}, slows them after {@code after} lines, so that a savepoint taken then comes
 * mid-stream however fast the machine. {@link #PASSED} counts the lines of the whole JVM.
 */
final class Throttle implements MapFunction<String, String> {
    static final AtomicBoolean ON = new AtomicBoolean();
    static final AtomicLong PASSED = new AtomicLong();

    private final long after;

    Throttle(long after) {
        this.after = after;
    }

    @Override
    public String map(String line) throws Exception {
        if (PASSED.incrementAndGet() > after && ON.get()) {
            Thread.sleep(1);
        }
        return line;
    }
}

package org.auditml.flink;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes lines on and fails the job once, at the first line after a checkpoint completed past {@code after} lines:
 * the job restarts from that checkpoint. Lines after {@code after} are slowed until a checkpoint completes, so that the
 * failure comes mid-stream however fast the machine.
 */
final class FailOnceAfterACheckpoint implements MapFunction<String, String>, CheckpointListener {
    /** Set once the failure happened, for the whole JVM: the restarted job does not fail again. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final long after;
    private long seen;
    private boolean checkpointed;

    FailOnceAfterACheckpoint(long after) {
        this.after = after;
    }

    @Override
    public String map(String line) throws Exception {
        seen++;
        if (seen > after && !FAILED.get()) {
            if (checkpointed) {
                FAILED.set(true);
                throw new IllegalStateException("injected failure after " + seen + " lines");
            }
            Thread.sleep(1); // the checkpoint is taken between lines
        }
        return line;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (seen > after) {
            checkpointed = true;
        }
    }
}

package org.auditml.flink.state;

/** State that a checkpoint keeps as JSON: the engine's own snapshots, which it already knows how to read back. */
public interface Checkpointed {
    String checkpointJson();
}

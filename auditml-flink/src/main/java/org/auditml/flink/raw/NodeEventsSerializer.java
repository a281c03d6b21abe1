package org.auditml.flink.raw;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.auditml.flink.state.CheckpointJsonSerializer;

/** A node's open events in a checkpoint: their record lines and the node's clock. */
public final class NodeEventsSerializer extends CheckpointJsonSerializer<NodeEvents> {

    @Override
    protected NodeEvents fromCheckpoint(String json) {
        return NodeEvents.fromCheckpoint(json);
    }

    @Override
    public TypeSerializer<NodeEvents> duplicate() {
        return new NodeEventsSerializer();
    }

    @Override
    public TypeSerializerSnapshot<NodeEvents> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: any snapshot restores the same. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<NodeEvents> {
        public Snapshot() {
            super(NodeEventsSerializer::new);
        }
    }
}

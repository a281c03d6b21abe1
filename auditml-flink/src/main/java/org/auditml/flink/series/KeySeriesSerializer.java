package org.auditml.flink.series;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.auditml.flink.state.CheckpointJsonSerializer;

/** A key's series in a checkpoint: the engine's snapshot of them. */
public final class KeySeriesSerializer extends CheckpointJsonSerializer<KeySeries> {

    @Override
    protected KeySeries fromCheckpoint(String json) {
        return KeySeries.fromCheckpoint(json);
    }

    @Override
    public TypeSerializer<KeySeries> duplicate() {
        return new KeySeriesSerializer();
    }

    @Override
    public TypeSerializerSnapshot<KeySeries> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: any snapshot restores the same. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeySeries> {
        public Snapshot() {
            super(KeySeriesSerializer::new);
        }
    }
}

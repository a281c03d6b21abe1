package org.auditml.flink.series;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Writes a key's series as the engine's snapshot, so that Flink's heap state holds the live series and only a
 * checkpoint (or a copy for one) pays for the JSON.
 */
public final class KeySeriesSerializer extends TypeSerializer<KeySeries> {

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<KeySeries> duplicate() {
        return new KeySeriesSerializer();
    }

    @Override
    public KeySeries createInstance() {
        return null;
    }

    @Override
    public KeySeries copy(KeySeries from) {
        return from == null ? null : KeySeries.fromSnapshot(from.snapshot(), from.nextBucket());
    }

    @Override
    public KeySeries copy(KeySeries from, KeySeries reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeySeries record, DataOutputView target) throws IOException {
        target.writeLong(record.nextBucket());
        byte[] json = record.snapshot().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        target.writeInt(json.length);
        target.write(json);
    }

    @Override
    public KeySeries deserialize(DataInputView source) throws IOException {
        long next = source.readLong();
        byte[] json = new byte[source.readInt()];
        source.readFully(json);
        return KeySeries.fromSnapshot(new String(json, java.nio.charset.StandardCharsets.UTF_8), next);
    }

    @Override
    public KeySeries deserialize(KeySeries reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeLong(source.readLong());
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KeySeriesSerializer;
    }

    @Override
    public int hashCode() {
        return KeySeriesSerializer.class.hashCode();
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

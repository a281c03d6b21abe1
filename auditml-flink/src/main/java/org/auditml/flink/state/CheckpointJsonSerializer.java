package org.auditml.flink.state;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Keeps live objects in Flink's heap state and writes them only for a checkpoint (or the copy a running checkpoint
 * asks for), as their JSON; what is read back stays JSON until first used.
 */
public abstract class CheckpointJsonSerializer<T extends Checkpointed> extends TypeSerializer<T> {

    /** The object a checkpoint's JSON stands for, read when first used. */
    protected abstract T fromCheckpoint(String json);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from == null ? null : fromCheckpoint(from.checkpointJson());
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] json = record.checkpointJson().getBytes(StandardCharsets.UTF_8);
        target.writeInt(json.length);
        target.write(json);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] json = new byte[source.readInt()];
        source.readFully(json);
        return fromCheckpoint(new String(json, StandardCharsets.UTF_8));
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}

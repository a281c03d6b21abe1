package org.auditml.flink.state;

import org.apache.flink.api.common.state.ValueState;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's keyed values, live. A heap backend keeps the objects themselves (and copies one a running checkpoint holds
 * before it is changed), so its state is used as it is. A backend that keeps only bytes (RocksDB, ForSt) would read a
 * value back at every use, rebuilding the engine's objects without what they hold outside their snapshot (a rarity
 * context's running processes), and slowly: there the task keeps the objects too, and the backend their checkpoint
 * form, written at every change. A value first used after a restore comes from the backend.
 */
public final class LiveValues<T extends Checkpointed> {
    private final ValueState<T> state;
    /** Null for a heap backend. */
    private final Map<Object, T> live;

    public LiveValues(ValueState<T> state) {
        this.state = state;
        this.live = keepsBytes(state) ? new HashMap<>() : null;
    }

    /** Whether the backend's state is bytes: the state classes of RocksDB and ForSt are in this package. */
    private static boolean keepsBytes(ValueState<?> state) {
        return state.getClass().getName().startsWith("org.apache.flink.state.");
    }

    /** The current key's value ({@code key} is that key), or null. */
    public T get(Object key) throws IOException {
        if (live == null) {
            return state.value();
        }
        T value = live.get(key);
        if (value == null) {
            value = state.value();
            if (value != null) {
                live.put(key, value);
            }
        }
        return value;
    }

    /** Keeps the current key's value. */
    public void put(Object key, T value) throws IOException {
        if (live != null) {
            live.put(key, value);
        }
        state.update(value);
    }

    /** Drops the current key's value. */
    public void clear(Object key) {
        if (live != null) {
            live.remove(key);
        }
        state.clear();
    }
}

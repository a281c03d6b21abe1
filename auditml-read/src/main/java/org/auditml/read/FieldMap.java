package org.auditml.read;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An insertion-ordered map of fields, for the few dozen fields of one record or event: two arrays and an
 * open-addressing index instead of LinkedHashMap's entry object per field, which made most of the normaliser's
 * garbage. Iterates in the order LinkedHashMap would: a replaced value keeps its place, a removed key leaves a hole,
 * and putting it again appends it. Not thread-safe; null keys are not supported. Public for the reader's packages,
 * not meant as API.
 */
public final class FieldMap<V> extends AbstractMap<String, V> {
    private String[] keys;
    private Object[] values;
    /** Entries used so far, holes included. */
    private int end;
    private int size;
    /**
     * Open-addressing slots: entry index + 1, 0 when free; twice as long as {@link #keys}. Null while the map holds
     * at most {@link #LINEAR} entries: a scan of so few keys is as quick, and the index was much of the garbage.
     */
    private int[] slots;
    private static final int LINEAR = 16;

    public FieldMap(int capacity) {
        int n = Math.max(4, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1);
        keys = new String[n];
        values = new Object[n];
        slots = n > LINEAR ? new int[2 * n] : null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public V get(Object key) {
        int i = find(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public V put(String key, V value) {
        int i = find(key);
        if (i >= 0) {
            V old = valueAt(i);
            values[i] = value;
            return old;
        }
        boolean grown = end == keys.length;
        if (grown) {
            grow();
        }
        keys[end] = key;
        values[end] = value;
        if (slots != null) {
            if (!grown && i < -1) {
                slots[-i - 2] = end + 1; // the free slot where the search stopped
            } else {
                claimSlot(key, end);
            }
        }
        end++;
        size++;
        return null;
    }

    @Override
    public V remove(Object key) {
        int i = find(key);
        if (i < 0) {
            return null;
        }
        V old = valueAt(i);
        keys[i] = null; // a hole: its slot stays taken, so that probing goes on past it
        values[i] = null;
        size--;
        return old;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        for (int i = 0; i < end; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], valueAt(i));
            }
        }
    }

    /** Entries used so far, holes included: iterate with {@link #keyAt} (null at a hole) and {@link #valueAt}. */
    public int end() {
        return end;
    }

    public String keyAt(int i) {
        return keys[i];
    }

    @SuppressWarnings("unchecked")
    public V valueAt(int i) {
        return (V) values[i];
    }

    /**
     * The entry of {@code key}; when absent, -1, or -(free slot) - 2 where the index search stopped, for {@link #put}.
     * Reads only: events are read from several threads at once (the store's writer, the jobs), and a field written
     * here bounced the map between their cores.
     */
    private int find(Object key) {
        if (key == null) {
            return -1;
        }
        // names are mostly shared instances with their hash cached: identity, then hash, before equals
        int h = key.hashCode();
        if (slots == null) {
            for (int i = 0; i < end; i++) {
                String k = keys[i];
                if (k == key || (k != null && k.hashCode() == h && k.equals(key))) {
                    return i;
                }
            }
            return -1;
        }
        int mask = slots.length - 1;
        for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
            int e = slots[s] - 1;
            if (e < 0) {
                return -s - 2;
            }
            String k = keys[e];
            if (k == key || (k != null && k.hashCode() == h && k.equals(key))) {
                return e;
            }
        }
    }

    private void claimSlot(String key, int entry) {
        int mask = slots.length - 1;
        int s = spread(key.hashCode()) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = entry + 1;
    }

    /** Doubles the arrays, dropping holes (the order stays) and rebuilding the index. */
    private void grow() {
        int n = keys.length * 2;
        String[] k = new String[n];
        Object[] v = new Object[n];
        int live = 0;
        for (int i = 0; i < end; i++) {
            if (keys[i] != null) {
                k[live] = keys[i];
                v[live++] = values[i];
            }
        }
        keys = k;
        values = v;
        end = live;
        if (n > LINEAR) {
            slots = new int[2 * n];
            for (int i = 0; i < live; i++) {
                claimSlot(keys[i], i);
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next = skipHoles(0);

                    @Override
                    public boolean hasNext() {
                        return next < end;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (next >= end) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, V> e = new SimpleImmutableEntry<>(keys[next], valueAt(next));
                        next = skipHoles(next + 1);
                        return e;
                    }
                };
            }
        };
    }

    private int skipHoles(int i) {
        while (i < end && keys[i] == null) {
            i++;
        }
        return i;
    }
}

package org.auditml.read;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FieldMap stands in for LinkedHashMap where the normaliser's output order comes from it: any run of puts, removes
 * and lookups leaves both with the same entries in the same order, small (no index) and grown (indexed) alike.
 */
class FieldMapProperties {

    @Property(tries = 200)
    void behavesAsLinkedHashMap(@ForAll long seed) {
        Random random = new Random(seed);
        int names = 1 + random.nextInt(80);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < names; i++) {
            // fresh instances half the time: lookups must not rely on identity
            keys.add(random.nextBoolean() ? "k" + i : new String("k" + i));
        }
        FieldMap<String> map = new FieldMap<>(1 + random.nextInt(40));
        Map<String, String> expected = new LinkedHashMap<>();
        for (int step = 0; step < 400; step++) {
            String key = new String(keys.get(random.nextInt(names)));
            switch (random.nextInt(4)) {
                case 0, 1 -> assertThat(map.put(key, "v" + step)).isEqualTo(expected.put(key, "v" + step));
                case 2 -> assertThat(map.remove(key)).isEqualTo(expected.remove(key));
                default -> assertThat(map.get(key)).isEqualTo(expected.get(key));
            }
            assertThat(map.containsKey(key)).isEqualTo(expected.containsKey(key));
        }
        assertThat(map).hasSize(expected.size());
        assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        List<String> order = new ArrayList<>();
        map.forEach((k, v) -> order.add(k + "=" + v));
        List<String> expectedOrder = new ArrayList<>();
        expected.forEach((k, v) -> expectedOrder.add(k + "=" + v));
        assertThat(order).isEqualTo(expectedOrder);
        assertThat(map).isEqualTo(expected);
        assertThat(map.hashCode()).isEqualTo(expected.hashCode());
    }
}

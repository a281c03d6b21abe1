package org.auditml.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory of {@link ContextualModel}: contexts, each a pair of fact sets, "left" (what held one step earlier) and
 * "right" (what holds now). Contexts are stored as two halves, left and right semi-contexts, because many contexts
 * share a half. Each step the memory is "crossed" with the current facts: a semi-context is fully matched when all
 * its facts are present, and a context is active when both its halves are fully matched.
 *
 * <p>The scheme follows the description of CAD OSE (Contextual Anomaly Detector, Open Source Edition, M. Smirnov,
 * 2016, https://github.com/smirmik/CAD, the NAB entry {@code contextOSE}): contexts learnt from consecutive fact sets
 * ("zero level") and from their overlaps with what is remembered (new, smaller contexts), at most
 * {@code maxLeftFacts} matched left facts per derived context. Our own code; identifiers and tie-breaking are ours.
 */
final class ContextMemory {
    /** A semi-context: its facts (sorted) and, per step, which of them are present. */
    static final class Half {
        final int id;
        final int[] facts;
        /** This step's present facts: the first {@code matched} entries. */
        final int[] present;
        int matched;
        /** Left halves only: right half id to context id, in creation order. */
        final Map<Integer, Integer> contexts = new LinkedHashMap<>();

        Half(int id, int[] facts) {
            this.id = id;
            this.facts = facts;
            this.present = new int[facts.length];
        }

        boolean full() {
            return matched == facts.length;
        }

        int[] matchedFacts() {
            return Arrays.copyOf(present, matched);
        }
    }

    /** A context: its halves, how often it was active, and whether it was ever seen whole as a step pair. */
    static final class Context {
        final int id;
        final int left;
        final int right;
        long activations;
        boolean zeroLevel;

        Context(int id, int left, int right, long activations, boolean zeroLevel) {
            this.id = id;
            this.left = left;
            this.right = right;
            this.activations = activations;
            this.zeroLevel = zeroLevel;
        }
    }

    /** Fact set as a map key. */
    record Key(int[] facts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(facts, k.facts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(facts);
        }
    }

    /** A candidate context: the matched facts of a left and a right half. */
    record Pair(Key left, Key right) {
    }

    /** What crossing the remembered contexts with a step found. */
    record Activation(List<Context> active, int selected, List<Pair> candidates) {
    }

    private final int maxLeftFacts;
    private final Side leftSide = new Side();
    private final Side rightSide = new Side();
    final List<Context> contexts = new ArrayList<>();
    /** The context created by this step's zero-level registration: not yet eligible for activation. */
    private int justCreated = -1;

    ContextMemory(int maxLeftFacts) {
        this.maxLeftFacts = maxLeftFacts;
    }

    /** One side's halves: by facts, by id, by fact, and which were crossed last. */
    static final class Side {
        final List<Half> halves = new ArrayList<>();
        final Map<Key, Integer> ids = new HashMap<>();
        final Map<Integer, List<Half>> byFact = new HashMap<>();
        List<Half> crossed = new ArrayList<>();

        int idOf(int[] facts) {
            Integer id = ids.get(new Key(facts));
            if (id != null) {
                return id;
            }
            Half h = new Half(halves.size(), facts);
            halves.add(h);
            ids.put(new Key(facts), halves.size() - 1);
            for (int f : facts) {
                byFact.computeIfAbsent(f, x -> new ArrayList<>()).add(h);
            }
            return halves.size() - 1;
        }

        void cross(int[] facts) {
            for (Half h : crossed) {
                h.matched = 0;
            }
            List<Half> touched = new ArrayList<>();
            for (int f : facts) {
                for (Half h : byFact.getOrDefault(f, List.of())) {
                    if (h.matched == 0) {
                        touched.add(h);
                    }
                    h.present[h.matched++] = f;
                }
            }
            // creation order, as the activation scan relies on it for determinism
            touched.sort((a, b) -> Integer.compare(a.id, b.id));
            crossed = touched;
        }
    }

    /** Remembers the step pair (left, right) as a zero-level context; true if it was new. */
    boolean rememberStep(int[] left, int[] right) {
        int before = contexts.size();
        Context c = context(left, right);
        c.zeroLevel = true;
        if (contexts.size() > before) {
            justCreated = contexts.size() - 1;
            return true;
        }
        return false;
    }

    /** Remembers candidate contexts (not as zero level); how many were new. */
    int remember(List<Pair> candidates) {
        int before = contexts.size();
        for (Pair p : candidates) {
            context(p.left().facts(), p.right().facts());
        }
        return contexts.size() - before;
    }

    private Context context(int[] left, int[] right) {
        int l = leftSide.idOf(left);
        int r = rightSide.idOf(right);
        Half lh = leftSide.halves.get(l);
        Integer id = lh.contexts.get(r);
        if (id != null) {
            return contexts.get(id);
        }
        Context c = new Context(contexts.size(), l, r, 0, false);
        contexts.add(c);
        lh.contexts.put(r, contexts.size() - 1);
        return c;
    }

    void crossLeft(int[] facts) {
        leftSide.cross(facts);
    }

    void crossRight(int[] facts) {
        rightSide.cross(facts);
    }

    /**
     * Scans the contexts whose left half touches the previous step's facts: those with a fully matched left half are
     * "selected", and active if their right half is fully matched now (their activation count grows). When this step
     * was a new zero-level context, partial overlaps of zero-level contexts become candidates for new contexts.
     */
    Activation activate(boolean newStep) {
        List<Context> active = new ArrayList<>();
        List<Pair> candidates = new ArrayList<>();
        int selected = 0;
        for (Half left : leftSide.crossed) {
            if (!newStep && !left.full()) {
                continue; // only a new step learns from partial overlaps
            }
            for (Map.Entry<Integer, Integer> e : left.contexts.entrySet()) {
                if (e.getValue() == justCreated) {
                    continue;
                }
                Context c = contexts.get(e.getValue());
                Half right = rightSide.halves.get(e.getKey());
                boolean rightTouched = right.matched > 0;
                boolean candidate = c.zeroLevel && newStep && rightTouched && left.matched <= maxLeftFacts;
                if (left.full()) {
                    selected++;
                    if (rightTouched && right.full()) {
                        c.activations++;
                        active.add(c);
                        continue;
                    }
                }
                if (candidate) {
                    candidates.add(new Pair(new Key(left.matchedFacts()), new Key(right.matchedFacts())));
                }
            }
        }
        justCreated = -1;
        return new Activation(active, selected, candidates);
    }

    List<Half> lefts() {
        return leftSide.halves;
    }

    List<Half> rights() {
        return rightSide.halves;
    }

    /** Rebuilds a memory from its halves and contexts (ids are positions), crossed with the last left facts. */
    static ContextMemory restore(int maxLeftFacts, List<int[]> lefts, List<int[]> rights, List<long[]> contexts,
                                 int[] lastLeftFacts) {
        ContextMemory m = new ContextMemory(maxLeftFacts);
        lefts.forEach(m.leftSide::idOf);
        rights.forEach(m.rightSide::idOf);
        for (long[] c : contexts) {
            int l = (int) c[0];
            int r = (int) c[1];
            m.contexts.add(new Context(m.contexts.size(), l, r, c[2], c[3] != 0));
            m.leftSide.halves.get(l).contexts.put(r, m.contexts.size() - 1);
        }
        m.leftSide.cross(lastLeftFacts);
        return m;
    }
}

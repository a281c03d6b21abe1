package org.auditml.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        /** Left halves only: its contexts in creation order, and by right half id. */
        final List<Context> contexts = new ArrayList<>();
        final Map<Integer, Context> byRight = new HashMap<>();
        /** Its zero-level contexts in creation order: all a partly matched left half is scanned for. */
        final List<Context> zeroLevel = new ArrayList<>();

        Half(int id, int[] facts) {
            this.id = id;
            this.facts = facts;
            this.present = new int[facts.length];
        }

        boolean full() {
            return matched == facts.length;
        }

        /** This step's present facts as a key, made once per step: many candidates share a half. */
        private Key matchedKey;

        Key matchedKey() {
            if (matchedKey == null) {
                matchedKey = new Key(Arrays.copyOf(present, matched));
            }
            return matchedKey;
        }
    }

    /** A context: its halves, how often it was active, and whether it was ever seen whole as a step pair. */
    static final class Context {
        final int id;
        final int left;
        final int right;
        final Half rightHalf;
        long activations;
        boolean zeroLevel;

        Context(int id, int left, Half right, long activations, boolean zeroLevel) {
            this.id = id;
            this.left = left;
            this.right = right.id;
            this.rightHalf = right;
            this.activations = activations;
            this.zeroLevel = zeroLevel;
        }
    }

    /** Fact set as a map key; the hash is kept, as keys are hashed again and again. */
    static final class Key {
        final int[] facts;
        private final int hash;

        Key(int[] facts) {
            this.facts = facts;
            this.hash = Arrays.hashCode(facts);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(facts, k.facts);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A candidate context: the matched facts of a left and a right half. */
    record Pair(Key left, Key right) {
    }

    /** What crossing the remembered contexts with a step found. */
    record Activation(List<Context> active, int selected, List<Pair> candidates) {
    }

    private final int maxLeftFacts;
    private final int maxContexts;
    private final Side leftSide = new Side();
    private final Side rightSide = new Side();
    final List<Context> contexts = new ArrayList<>();
    /** The context created by this step's zero-level registration: not yet eligible for activation. */
    private int justCreated = -1;

    ContextMemory(int maxLeftFacts, int maxContexts) {
        this.maxLeftFacts = maxLeftFacts;
        this.maxContexts = maxContexts;
    }

    /** One side's halves: by facts, by id, by fact, and which were crossed last. */
    static final class Side {
        final List<Half> halves = new ArrayList<>();
        final Map<Key, Integer> ids = new HashMap<>();
        final Map<Integer, List<Half>> byFact = new HashMap<>();
        List<Half> crossed = new ArrayList<>();

        int idOf(Key key) {
            Integer id = ids.get(key);
            if (id != null) {
                return id;
            }
            Half h = new Half(halves.size(), key.facts);
            halves.add(h);
            ids.put(key, h.id);
            for (int f : key.facts) {
                byFact.computeIfAbsent(f, x -> new ArrayList<>()).add(h);
            }
            return h.id;
        }

        void cross(int[] facts) {
            for (Half h : crossed) {
                h.matched = 0;
                h.matchedKey = null;
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

    /** Remembers the step pair (left, right) as a zero-level context; true if it was new (even when memory is full). */
    boolean rememberStep(int[] left, int[] right) {
        Key l = new Key(left);
        Key r = new Key(right);
        Context c = find(l, r);
        if (c != null) {
            markZeroLevel(c);
            return false;
        }
        if (!full()) {
            c = create(l, r);
            markZeroLevel(c);
            justCreated = c.id;
        }
        return true;
    }

    /** Remembers candidate contexts (not as zero level); how many were new, counting those a full memory refused. */
    int remember(List<Pair> candidates) {
        int created = 0;
        Set<Pair> refused = new HashSet<>();
        for (Pair p : candidates) {
            if (find(p.left(), p.right()) != null) {
                continue;
            }
            if (full()) {
                refused.add(p);
            } else {
                create(p.left(), p.right());
                created++;
            }
        }
        return created + refused.size();
    }

    /** At {@code maxContexts} the memory stops learning, so that it stays bounded; novelty is still measured. */
    private boolean full() {
        return contexts.size() >= maxContexts;
    }

    private Context find(Key left, Key right) {
        Integer l = leftSide.ids.get(left);
        Integer r = l == null ? null : rightSide.ids.get(right);
        return r == null ? null : leftSide.halves.get(l).byRight.get(r);
    }

    private Context create(Key left, Key right) {
        Half lh = leftSide.halves.get(leftSide.idOf(left));
        Half rh = rightSide.halves.get(rightSide.idOf(right));
        Context c = new Context(contexts.size(), lh.id, rh, 0, false);
        add(lh, c);
        return c;
    }

    private void markZeroLevel(Context c) {
        if (!c.zeroLevel) {
            c.zeroLevel = true;
            List<Context> list = leftSide.halves.get(c.left).zeroLevel;
            int at = list.size();
            while (at > 0 && list.get(at - 1).id > c.id) {
                at--;
            }
            list.add(at, c);
        }
    }

    private void add(Half left, Context c) {
        contexts.add(c);
        left.contexts.add(c);
        left.byRight.put(c.right, c);
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
            boolean full = left.full();
            if (!newStep && !full) {
                continue; // only a new step learns from partial overlaps
            }
            // a partly matched left half only yields candidates, and only from zero-level contexts
            for (Context c : full ? left.contexts : left.zeroLevel) {
                if (c.id == justCreated) {
                    continue;
                }
                Half right = c.rightHalf;
                boolean rightTouched = right.matched > 0;
                boolean candidate = c.zeroLevel && newStep && rightTouched && left.matched <= maxLeftFacts;
                if (full) {
                    selected++;
                    if (rightTouched && right.full()) {
                        c.activations++;
                        active.add(c);
                        continue;
                    }
                }
                if (candidate) {
                    candidates.add(new Pair(left.matchedKey(), right.matchedKey()));
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
    static ContextMemory restore(int maxLeftFacts, int maxContexts, List<int[]> lefts, List<int[]> rights,
                                 List<long[]> contexts,
                                 int[] lastLeftFacts) {
        ContextMemory m = new ContextMemory(maxLeftFacts, maxContexts);
        lefts.forEach(f -> m.leftSide.idOf(new Key(f)));
        rights.forEach(f -> m.rightSide.idOf(new Key(f)));
        for (long[] c : contexts) {
            Half left = m.leftSide.halves.get((int) c[0]);
            Context context = new Context(m.contexts.size(), left.id, m.rightSide.halves.get((int) c[1]), c[2], false);
            m.add(left, context);
            if (c[3] != 0) {
                m.markZeroLevel(context);
            }
        }
        m.leftSide.cross(lastLeftFacts);
        return m;
    }
}

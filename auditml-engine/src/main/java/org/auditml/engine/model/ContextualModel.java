package org.auditml.engine.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A contextual detector for one metric series, after CAD OSE (Contextual Anomaly Detector, Open Source Edition,
 * M. Smirnov 2016, https://github.com/smirmik/CAD; NAB entry {@code contextOSE}, 69.9 on NAB's standard profile).
 * It learns which value follows which in which context, and scores a step by how unexpected it is.
 *
 * <p>How (facts from the CAD OSE description and the NAB entry; the code is ours):
 * <ul>
 *   <li>A value is quantised into {@code 2^bits} levels over a known range [min, max] (NAB lets a detector know a
 *   file's min and max in advance) and each bit of the level becomes a "fact" ({@code 2·bit + value}).</li>
 *   <li>The left facts of a step are the previous value's facts plus up to {@code maxActive} "neurons": the most
 *   often activated contexts of the previous step. So the left side carries a compressed history.</li>
 *   <li>Score = (1 − share of the selected contexts that came true + share of new contexts learnt) / 2: a step that
 *   the remembered contexts predicted scores low, a step that forces new contexts scores high.</li>
 *   <li>After a raw score ≥ {@code threshold} (0.75) the output rests at 0 for {@code restPeriod} steps (NAB's
 *   configuration: probation ÷ 5); it also rests for the first {@code restPeriod} steps. Repeats of one anomaly would
 *   otherwise each count as a false positive in NAB.</li>
 *   <li>A value beyond the running min/max by more than {@code extremeMargin} (5 %) of the running range scores 1,
 *   resting or not (except while the range is first learnt, the first {@code restPeriod} steps), and starts a rest.
 *   This is the "spatial anomaly" rule of NAB's own HTM detector (NAB repository, {@code nab/detectors/numenta};
 *   see ../shared/spec/nab.md §2.9), there because NAB's labellers tend to mark new extremes. Not part of CAD OSE.
 *   For audit counts: a new maximum count.</li>
 * </ul>
 *
 * <p>On NAB (bench nab, all 58 files): CAD OSE's rules alone 69.56 / 66.30 / 72.84 (published CAD OSE: 69.9 / 67.0 /
 * 73.2), with the new-extreme rule 70.31 / 66.90 / 73.60 (standard / low FP / low FN).
 */
public final class ContextualModel {
    /** Neuron facts are offset past every possible value fact. */
    private static final int NEURON_BASE = 64;

    /**
     * Contexts a series may learn, about 10 MB; then it stops learning (new contexts still count as new). White noise
     * learns about 60,000 contexts in its first 5,000 steps and 80,000 by 15,000; NAB's files stay below 65,000.
     */
    public static final int DEFAULT_MAX_CONTEXTS = 100_000;

    /** The model's settings: the value range, the rest after an alert, and CAD OSE's structural parameters. */
    public record Settings(double min, double max, int restPeriod, double threshold, int maxLeftFacts, int maxActive,
                           int bits, double extremeMargin, int maxContexts) {
        public Settings {
            if (!(max >= min) || Double.isInfinite(min) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("need finite min <= max: " + min + ", " + max);
            }
            if (restPeriod < 0 || bits < 1 || bits > 16 || maxActive < 0 || maxLeftFacts < 1 || !(extremeMargin >= 0)
                    || maxContexts < 1) {
                throw new IllegalArgumentException("bad contextual model settings");
            }
        }

        /** CAD OSE's NAB configuration for a value range and a rest period. */
        public static Settings of(double min, double max, int restPeriod) {
            return new Settings(min, max, restPeriod, 0.75, 7, 15, 3, 0.05, DEFAULT_MAX_CONTEXTS);
        }
    }

    private final Settings settings;
    private final double levelWidth;
    private final ContextMemory memory;
    private int[] leftFacts = new int[0];
    /** Steps since the last raw score at or above the threshold; 0 at the start, so the model first rests. */
    private long sinceAlert;
    /** Values seen. */
    private long steps;
    /** Running min and max of the values seen, for the new-extreme rule; NaN before the first value. */
    private double low = Double.NaN;
    private double high = Double.NaN;

    public ContextualModel(Settings settings) {
        this(settings, new ContextMemory(settings.maxLeftFacts(), settings.maxContexts()));
    }

    private ContextualModel(Settings settings, ContextMemory memory) {
        this.settings = settings;
        int top = (1 << settings.bits()) - 1;
        double range = settings.max() - settings.min();
        this.levelWidth = (range == 0 ? top : range) / top;
        this.memory = memory;
    }

    /** Learns from the next value and returns its anomaly score in [0, 1] (0 while resting). */
    public double observe(double value) {
        double raw = rawScore(facts(value));
        // the range is still being learnt while the model rests at the start: every value would be a new extreme
        boolean extreme = newExtreme(value) && steps >= settings.restPeriod();
        steps++;
        boolean resting = sinceAlert < settings.restPeriod();
        if (extreme) {
            raw = 1;
        }
        sinceAlert = raw >= settings.threshold() ? 0 : sinceAlert + 1;
        return extreme ? 1 : resting ? 0 : raw;
    }

    /** True if the value lies beyond the running range by more than the margin; then widens the range. */
    private boolean newExtreme(double value) {
        if (Double.isNaN(low)) {
            low = value;
            high = value;
            return false;
        }
        double margin = (high - low) * settings.extremeMargin();
        boolean extreme = high > low && (value > high + margin || value < low - margin);
        low = Math.min(low, value);
        high = Math.max(high, value);
        return extreme;
    }

    /** The value's facts: one per bit of its quantised level, 2·bit + (0 or 1). */
    int[] facts(double value) {
        int top = (1 << settings.bits()) - 1;
        int level = (int) Math.max(0, Math.min(top, Math.floor((value - settings.min()) / levelWidth)));
        int[] facts = new int[settings.bits()];
        for (int b = 0; b < facts.length; b++) {
            facts[b] = 2 * b + ((level >> b) & 1);
        }
        return facts;
    }

    private double rawScore(int[] now) {
        Set<ContextMemory.Pair> uniqueCandidates = new HashSet<>();
        boolean newStep = false;
        if (leftFacts.length > 0) {
            uniqueCandidates.add(new ContextMemory.Pair(new ContextMemory.Key(leftFacts), new ContextMemory.Key(now)));
            newStep = memory.rememberStep(leftFacts, now);
        }
        memory.crossRight(now);
        ContextMemory.Activation a = memory.activate(newStep);
        uniqueCandidates.addAll(a.candidates());
        double predicted = a.selected() > 0 ? (double) a.active().size() / a.selected() : 0;

        leftFacts = nextLeftFacts(now, a.active());
        int learnt = memory.remember(a.candidates()) + (newStep ? 1 : 0);
        memory.crossLeft(leftFacts);
        double novelty = newStep && !uniqueCandidates.isEmpty() ? (double) learnt / uniqueCandidates.size() : 0;
        return (1 - predicted + novelty) / 2;
    }

    /** This step's facts plus the most activated contexts (ties: the newer) as neuron facts. */
    private int[] nextLeftFacts(int[] now, List<ContextMemory.Context> active) {
        List<ContextMemory.Context> ranked = new ArrayList<>(active);
        ranked.sort(Comparator.<ContextMemory.Context>comparingLong(c -> c.activations).thenComparingInt(c -> c.id));
        TreeSet<Integer> facts = new TreeSet<>();
        for (int f : now) {
            facts.add(f);
        }
        for (int i = Math.max(0, ranked.size() - settings.maxActive()); i < ranked.size(); i++) {
            facts.add(NEURON_BASE + ranked.get(i).id);
        }
        return facts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Contexts remembered so far. */
    public int contextCount() {
        return memory.contexts.size();
    }

    /** Approximate bytes held. */
    public long sizeBytes() {
        long bytes = 256;
        for (ContextMemory.Half h : memory.lefts()) {
            bytes += 64 + 4L * h.facts.length + 48L * h.contexts.size();
        }
        for (ContextMemory.Half h : memory.rights()) {
            bytes += 64 + 4L * h.facts.length;
        }
        return bytes + 40L * memory.contexts.size();
    }

    /**
     * State for snapshots: the halves' facts, the contexts as (left id, right id, activations, zero level), the last
     * left facts and the steps since the last alert.
     */
    public record State(int version, Settings settings, List<int[]> lefts, List<int[]> rights, List<long[]> contexts,
                        int[] leftFacts, long steps, long sinceAlert, Double low, Double high) {
    }

    public State toState() {
        List<int[]> lefts = memory.lefts().stream().map(h -> h.facts.clone()).toList();
        List<int[]> rights = memory.rights().stream().map(h -> h.facts.clone()).toList();
        List<long[]> contexts = memory.contexts.stream()
                .map(c -> new long[] {c.left, c.right, c.activations, c.zeroLevel ? 1 : 0}).toList();
        return new State(1, settings, lefts, rights, contexts, leftFacts.clone(), steps, sinceAlert,
                Double.isNaN(low) ? null : low, Double.isNaN(high) ? null : high);
    }

    public static ContextualModel fromState(State s) {
        Settings settings = s.settings();
        ContextualModel m = new ContextualModel(settings, ContextMemory.restore(settings.maxLeftFacts(),
                settings.maxContexts(), s.lefts(), s.rights(), s.contexts(), s.leftFacts()));
        m.leftFacts = s.leftFacts().clone();
        m.steps = s.steps();
        m.sinceAlert = s.sinceAlert();
        m.low = s.low() == null ? Double.NaN : s.low();
        m.high = s.high() == null ? Double.NaN : s.high();
        return m;
    }
}

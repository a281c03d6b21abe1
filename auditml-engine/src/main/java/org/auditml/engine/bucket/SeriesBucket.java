package org.auditml.engine.bucket;

import org.auditml.engine.result.ModelPlot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job's series hand the job-wide scoring when a bucket closes: the bucket's events, which detectors had
 * series in it, the unusual series found, the model plots, and, for rare detectors weighed by auditml's context, the
 * fleet's news. Plain values: series kept apart (partitions on several machines) each give one for the same bucket,
 * and {@link #merge} makes of them what one instance holding every series would have given.
 *
 * @param activeDetectors per detector, whether any of its series had events in the bucket
 * @param candidates      ordered by detector, pass, then partition (null first)
 * @param plots           ordered as the candidates
 * @param fleet           per rare detector weighed by context, the news of its partitions
 */
public record SeriesBucket(long start, long eventCount, List<Boolean> activeDetectors, List<Candidate> candidates,
                           List<Plot> plots, Map<Integer, FleetNews> fleet) {

    public SeriesBucket {
        activeDetectors = List.copyOf(activeDetectors);
        candidates = List.copyOf(candidates);
        plots = List.copyOf(plots);
        fleet = Collections.unmodifiableMap(new TreeMap<>(fleet));
    }

    /** A model plot document, with the detector's pass it came from (for ordering). */
    public record Plot(int pass, ModelPlot doc) {
    }

    /**
     * One bucket's news of a rare detector's partitions.
     *
     * @param modelled  how many partitions have a model after the bucket's new ones were made
     * @param present   per partition with values in the bucket: the values new to it
     * @param learnt    per partition whose model took the bucket: the values it learnt (its new values)
     * @param forgotten per partition: values its model forgot since the previous bucket (memory pruning)
     */
    public record FleetNews(int modelled, Map<String, List<String>> present, Map<String, List<String>> learnt,
                            Map<String, List<String>> forgotten) {
        public FleetNews {
            present = sorted(present);
            learnt = sorted(learnt);
            forgotten = sorted(forgotten);
        }

        /** How many partitions have {@code value} among their new values. */
        public int newOn(String value) {
            int n = 0;
            for (List<String> values : present.values()) {
                if (values.contains(value)) {
                    n++;
                }
            }
            return n;
        }

        private static Map<String, List<String>> sorted(Map<String, List<String>> m) {
            Map<String, List<String>> copy = new TreeMap<>(SeriesKey.NULLS_FIRST);
            m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return Collections.unmodifiableMap(copy);
        }

        static FleetNews merge(FleetNews a, FleetNews b) {
            return new FleetNews(a.modelled + b.modelled, union(a.present, b.present), union(a.learnt, b.learnt),
                    union(a.forgotten, b.forgotten));
        }

        private static Map<String, List<String>> union(Map<String, List<String>> a, Map<String, List<String>> b) {
            Map<String, List<String>> all = new TreeMap<>(SeriesKey.NULLS_FIRST);
            all.putAll(a);
            b.forEach((partition, values) -> {
                if (all.putIfAbsent(partition, values) != null) {
                    throw new IllegalArgumentException("partition [" + partition + "] is in two series' buckets");
                }
            });
            return all;
        }
    }

    private static final Comparator<String> PARTITION = SeriesKey.NULLS_FIRST;
    private static final Comparator<Candidate> CANDIDATE_ORDER = Comparator.comparingInt(Candidate::detector)
            .thenComparingInt(Candidate::pass).thenComparing(c -> c.key().partition(), PARTITION);
    private static final Comparator<Plot> PLOT_ORDER = Comparator.comparingInt((Plot p) -> p.doc().detectorIndex())
            .thenComparingInt(Plot::pass).thenComparing(p -> p.doc().partitionFieldValue(), PARTITION);

    /**
     * One bucket as one instance holding every series would have closed it, from the buckets of instances that hold
     * disjoint partitions of the job and closed the same bucket. Each partition's candidates and plots keep their
     * order (the sort is stable and a partition is in one part only).
     */
    public static SeriesBucket merge(List<SeriesBucket> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        SeriesBucket first = parts.get(0);
        long events = 0;
        List<Boolean> active = new ArrayList<>(Collections.nCopies(first.activeDetectors.size(), false));
        List<Candidate> candidates = new ArrayList<>();
        List<Plot> plots = new ArrayList<>();
        Map<Integer, FleetNews> fleet = new TreeMap<>();
        for (SeriesBucket b : parts) {
            if (b.start != first.start || b.activeDetectors.size() != active.size()) {
                throw new IllegalArgumentException("buckets of different times or jobs: " + first.start + ", " + b.start);
            }
            events += b.eventCount;
            for (int i = 0; i < active.size(); i++) {
                active.set(i, active.get(i) || b.activeDetectors.get(i));
            }
            candidates.addAll(b.candidates);
            plots.addAll(b.plots);
            b.fleet.forEach((detector, news) -> fleet.merge(detector, news, FleetNews::merge));
        }
        candidates.sort(CANDIDATE_ORDER);
        plots.sort(PLOT_ORDER);
        return new SeriesBucket(first.start, events, active, candidates, plots, fleet);
    }
}

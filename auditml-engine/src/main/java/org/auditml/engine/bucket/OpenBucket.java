package org.auditml.engine.bucket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What one bucket has gathered so far: events per detector series, with the influencer values seen in each. */
public final class OpenBucket {
    public final long start;
    public long eventCount;
    /**
     * Per detector: series → its gathering; hashed while events come (a lookup each), in series order once the
     * bucket closes ({@link #sortSeries}), where results and snapshots need that order.
     */
    public final List<Map<SeriesKey, SeriesData>> series = new ArrayList<>();

    public OpenBucket(long start, int detectors) {
        this.start = start;
        for (int i = 0; i < detectors; i++) {
            series.add(new HashMap<>());
        }
    }

    /** Puts each detector's series in order (partition, over, by). */
    public void sortSeries() {
        for (int i = 0; i < series.size(); i++) {
            if (!(series.get(i) instanceof TreeMap)) {
                series.set(i, new TreeMap<>(series.get(i)));
            }
        }
    }

    /**
     * The information content of a set of strings, as the length in bytes of their sorted concatenation compressed:
     * random-looking strings (encoded exfiltration, DGA names) compress badly and score high.
     */
    public static double informationContent(Set<String> values) {
        if (values.isEmpty()) {
            return 0;
        }
        byte[] input = String.join("\n", values).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        deflater.setInput(input);
        deflater.finish();
        byte[] buf = new byte[input.length + 64];
        int n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(buf, n, buf.length - n);
        }
        deflater.end();
        return n;
    }

    /** Events of one series in the bucket, and the influencer values among them (a few per field). */
    public static final class SeriesData {
        private static final int MAX_VALUES_PER_FIELD = 10;
        public double count;
        /** The field's values, for metric functions. */
        public double sum;
        public double sumSquares;
        public double min;
        public double max;
        public double values;
        public final Map<String, Set<String>> influencers = new TreeMap<>();
        /** Context fields (user, command line) for auditml's rare context, when the job uses it. */
        public final Map<String, Set<String>> context = new TreeMap<>();

        /** Whether another value of {@code field} would still be kept. */
        public boolean hasContextRoom(String field) {
            Set<String> values = context.get(field);
            return values == null || values.size() < MAX_VALUES_PER_FIELD;
        }

        public void addContext(String field, String value) {
            if (value != null) {
                Set<String> values = context.computeIfAbsent(field, f -> new TreeSet<>());
                if (values.size() < MAX_VALUES_PER_FIELD) {
                    values.add(value);
                }
            }
        }

        /** Distinct values of the detector's field (distinct_count, info_content), a bounded number. */
        public final Set<String> distinct = new TreeSet<>();
        private long[] times = new long[0];

        public void addDistinct(String v) {
            if (distinct.size() < 10_000) {
                distinct.add(v);
            }
        }

        /** Event times (time_of_day, time_of_week), the first 256 of the bucket. */
        public void addTime(long t) {
            if (times.length < 256) {
                times = java.util.Arrays.copyOf(times, times.length + 1);
                times[times.length - 1] = t;
            }
        }

        public long[] times() {
            return times;
        }

        /** Every value of the bucket, for median functions only (the first {@value #MAX_SAMPLES}). */
        private double[] samples;
        private int sampleCount;
        private static final int MAX_SAMPLES = 100_000;

        public void keepValues() {
            if (samples == null) {
                samples = new double[8];
            }
        }

        public double median() {
            if (sampleCount == 0) {
                return values == 0 ? Double.NaN : sum / values;
            }
            double[] sorted = java.util.Arrays.copyOf(samples, sampleCount);
            java.util.Arrays.sort(sorted);
            int mid = sampleCount / 2;
            return sampleCount % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        public void restoreSamples(double[] values) {
            samples = java.util.Arrays.copyOf(values, Math.max(8, values.length));
            sampleCount = values.length;
        }

        public double[] samples() {
            return samples == null ? null : java.util.Arrays.copyOf(samples, sampleCount);
        }

        /** A value that stands for {@code weight} events (pre-summarised input): it weighs that much in the mean. */
        public void addValue(double v, double weight) {
            if (samples != null && sampleCount < MAX_SAMPLES) {
                if (sampleCount == samples.length) {
                    samples = java.util.Arrays.copyOf(samples, samples.length * 2);
                }
                samples[sampleCount++] = v;
            }
            min = values == 0 ? v : Math.min(min, v);
            max = values == 0 ? v : Math.max(max, v);
            sum += weight * v;
            sumSquares += weight * v * v;
            values += weight;
        }

        public void add(double weight, Map<String, String> influencerValues) {
            count += weight;
            influencerValues.forEach((field, value) -> {
                Set<String> values = influencers.computeIfAbsent(field, f -> new TreeSet<>());
                if (values.size() < MAX_VALUES_PER_FIELD) {
                    values.add(value);
                }
            });
        }
    }
}

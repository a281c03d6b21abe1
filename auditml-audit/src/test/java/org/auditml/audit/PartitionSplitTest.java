package org.auditml.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.BucketScorer;
import org.auditml.engine.series.JobSeries;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's partitions analysed apart, in several engine instances whose closed buckets go to one shared scorer, give
 * byte for byte the results of one instance holding them all: the split a stream processor makes when it keys the
 * events by host. Rare processes weighed by auditml's context (whose fleet part sees every host), counts with model
 * plots, and metrics with several passes, over the demo fleet.
 */
class PartitionSplitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<AuditEvent> events;

    private static final String JOB = """
            {"analysis_config": {"bucket_span": "1h", "auditml_context": true,
              "detectors": [{"function": "rare", "by_field_name": "process.executable", "partition_field_name": "host.name"},
                            {"function": "high_non_zero_count", "partition_field_name": "host.name"},
                            {"function": "metric", "field_name": "process.pid", "partition_field_name": "host.name"},
                            {"function": "distinct_count", "field_name": "user.id", "partition_field_name": "host.name"},
                            {"function": "rare", "by_field_name": "user.id", "over_field_name": "process.name",
                             "partition_field_name": "host.name"},
                            {"function": "count", "by_field_name": "process.name", "partition_field_name": "host.name",
                             "exclude_frequent": "by"}],
              "influencers": ["host.name", "process.executable", "user.id"]},
             "model_plot_config": {"enabled": true}}""";

    @BeforeAll
    static void readTheDemoFleet(@TempDir Path dir) throws Exception {
        DemoFleet.Written w = DemoFleet.write(dir, 2026);
        List<AuditEvent> read = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("demo-host")).read(List.of(w.rawLog(), w.containerLog()), read::add);
        read.sort(Comparator.comparingLong(AuditEvent::timestampMillis));
        events = read;
    }

    @ParameterizedTest(name = "{0} instances")
    @ValueSource(ints = {2, 3})
    void partitionsSplitOverInstances_oneSharedScorer_givesTheResultsOfOneInstance(int instances) throws Exception {
        Job job = JobParser.parse(JOB, "split");
        List<String> one = docs(oneInstance(job));
        List<String> split = docs(split(job, instances));

        assertThat(one).hasSizeGreaterThan(10_000)
                .anySatisfy(doc -> assertThat(doc).contains("\"result_type\":\"record\"").contains("never seen on any of"));
        assertThat(split).isEqualTo(one);
    }

    private static List<Result> oneInstance(Job job) {
        AnomalyJob whole = new AnomalyJob(job, new LinuxRarityContext());
        List<Result> results = new ArrayList<>();
        for (AuditEvent e : events) {
            results.addAll(whole.accept(new AuditEventView(e)));
        }
        results.addAll(whole.flush());
        return results;
    }

    /**
     * Events keyed by host over {@code n} instances of the job's series; every instance is told each event's time and
     * started at the first; the buckets they close are merged and scored once.
     */
    private static List<Result> split(Job job, int n) {
        BucketScorer scorer = BucketScorer.of(job);
        List<List<SeriesBucket>> closed = new ArrayList<>();
        List<JobSeries> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<SeriesBucket> out = new ArrayList<>();
            closed.add(out);
            parts.add(new JobSeries(job, new LinuxRarityContext(), out::add, () -> 0));
        }
        List<Result> results = new ArrayList<>();
        for (AuditEvent e : events) {
            EventView view = new AuditEventView(e);
            String host = view.field("host.name");
            JobSeries owner = parts.get(host == null ? 0 : Math.floorMod(host.hashCode(), n));
            for (JobSeries part : parts) {
                part.startAt(e.timestampMillis());
                if (part == owner) {
                    part.accept(view);
                } else {
                    part.advanceTo(e.timestampMillis());
                }
            }
            results.addAll(scoreClosed(scorer, closed));
        }
        parts.forEach(JobSeries::flush);
        results.addAll(scoreClosed(scorer, closed));
        return results;
    }

    private static List<Result> scoreClosed(BucketScorer scorer, List<List<SeriesBucket>> closed) {
        Map<Long, List<SeriesBucket>> byStart = new TreeMap<>();
        for (List<SeriesBucket> part : closed) {
            part.forEach(b -> byStart.computeIfAbsent(b.start(), s -> new ArrayList<>()).add(b));
            part.clear();
        }
        List<Result> results = new ArrayList<>();
        byStart.values().forEach(parts -> {
            assertThat(parts).as("every instance closes the same buckets").hasSize(closed.size());
            results.addAll(scorer.score(SeriesBucket.merge(parts)));
        });
        return results;
    }

    private static List<String> docs(List<Result> results) throws Exception {
        List<String> docs = new ArrayList<>(results.size());
        for (Result r : results) {
            docs.add(JSON.writeValueAsString(r));
        }
        return docs;
    }
}

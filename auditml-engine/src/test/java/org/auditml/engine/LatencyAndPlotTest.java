package org.auditml.engine;

import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.ModelPlot;
import org.auditml.engine.result.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyAndPlotTest {
    private static final long HOUR = 3_600_000L;

    @Test
    void lateEventWithinLatency_isCounted_andLaterOnesAreDroppedAndCounted() {
        AnomalyJob job = new AnomalyJob(JobParser.parse("""
                {"analysis_config": {"bucket_span": "1h", "latency": "10m", "detectors": [{"function": "count"}]}}
                """, "late"));
        List<Result> results = new ArrayList<>();
        results.addAll(job.accept(new TestFleet.Event(10, "h", "/bin/a")));
        results.addAll(job.accept(new TestFleet.Event(HOUR + 5 * 60_000, "h", "/bin/a")));   // next bucket
        results.addAll(job.accept(new TestFleet.Event(HOUR - 1000, "h", "/bin/a")));         // 6 min late: in
        results.addAll(job.accept(new TestFleet.Event(HOUR + 11 * 60_000, "h", "/bin/a")));  // closes bucket 0
        results.addAll(job.accept(new TestFleet.Event(HOUR - 500, "h", "/bin/a")));          // too late: out
        results.addAll(job.flush());

        List<BucketResult> buckets = results.stream().filter(r -> r instanceof BucketResult).map(r -> (BucketResult) r).toList();
        assertThat(buckets).extracting(BucketResult::eventCount).containsExactly(2L, 2L);
        assertThat(job.lateEvents()).isEqualTo(1);
    }

    @Test
    void modelPlot_whenEnabled_drawsABandAroundEachSeries() {
        AnomalyJob job = new AnomalyJob(JobParser.parse("""
                {"analysis_config": {"bucket_span": "1h", "detectors": [{"function": "high_count",
                  "partition_field_name": "host.name"}]}, "model_plot_config": {"enabled": true}}
                """, "plot"));
        List<Result> results = new ArrayList<>();
        TestFleet.processes().forEach(e -> results.addAll(job.accept(e)));
        results.addAll(job.flush());

        List<ModelPlot> plots = results.stream().filter(r -> r instanceof ModelPlot).map(r -> (ModelPlot) r).toList();
        assertThat(plots).hasSize(21 * 24 * 4);
        assertThat(plots).allSatisfy(p -> assertThat(p.modelLower()).isLessThanOrEqualTo(p.modelMedian())
                .isLessThanOrEqualTo(p.modelUpper()));
        assertThat(plots.get(plots.size() - 1).partitionFieldValue()).isNotNull();
    }
}

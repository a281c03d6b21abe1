package org.auditml.engine;

import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A job whose metric detector uses {@code auditml_model: contextual}: the model's own scores become record scores. */
class ContextualAnalysisTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_438_400_000L; // 2023-11-20T00:00Z
    private static final String JOB = """
            {"analysis_config": {"bucket_span": "1h", "detectors": [
               {"function": "mean", "field_name": "bytes",
                "auditml_model": {"type": "contextual", "value_range": [0, 100], "rest_buckets": 24}}]}}
            """;

    private static TestEvent event(long t, double bytes) {
        return new TestEvent(t, Map.of("bytes", List.of(Double.toString(bytes))));
    }

    @Test
    void aValueOutOfItsDailyContextGivesAHighRecordAndTheBucketScore() {
        Job job = JobParser.parse(JOB, "ctx");
        AnomalyJob run = new AnomalyJob(job);
        List<Result> results = new ArrayList<>();
        int anomalyHour = 40 * 24 + 6; // the daily peak hour, where ~80 is usual
        for (int h = 0; h <= anomalyHour + 2; h++) {
            double v = h == anomalyHour ? 20 : 50 + 30 * Math.sin(2 * Math.PI * h / 24);
            results.addAll(run.accept(event(START + h * HOUR + 60_000, v)));
        }
        results.addAll(run.flush());

        long anomalyStart = START + anomalyHour * HOUR;
        List<AnomalyRecord> records = results.stream().filter(AnomalyRecord.class::isInstance)
                .map(AnomalyRecord.class::cast).toList();
        AnomalyRecord top = records.stream().filter(r -> r.recordScore() >= 75).findFirst().orElseThrow();
        assertThat(top.timestamp()).isEqualTo(anomalyStart);
        assertThat(top.recordScore()).isLessThanOrEqualTo(100);
        assertThat(top.probability()).isCloseTo(1 - top.recordScore() / 100, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(top.reason()).contains("mean(bytes) 20", "unexpected in its context");
        BucketResult bucket = results.stream().filter(BucketResult.class::isInstance).map(BucketResult.class::cast)
                .filter(b -> b.timestamp() == anomalyStart).findFirst().orElseThrow();
        assertThat(bucket.anomalyScore()).isEqualTo(top.recordScore());
        // once the cycle is learnt nothing else alerts
        assertThat(records.stream().filter(r -> r.timestamp() >= START + 20 * 24 * HOUR && r.recordScore() >= 75))
                .containsExactly(top);
    }
}

package org.auditml.engine;

import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.ModelSizeStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** model_memory_limit is honoured: at the hard limit new entities are refused, counted, and reported. */
class MemoryLimitTest {
    private static final String JOB = """
            {"analysis_config": {"bucket_span": "1h", "detectors": [
               {"function": "high_count", "partition_field_name": "host.name"}]},
             "analysis_limits": {"model_memory_limit": "1mb"}}
            """;

    @Test
    void hardLimit_refusesNewPartitionsAndReportsThem() {
        AnomalyJob job = new AnomalyJob(JobParser.parse(JOB, "mem"));
        long hour = 3_600_000L;
        // 2 000 hosts in the first hour: far more than 1 MB of count models
        for (int h = 0; h < 2000; h++) {
            job.accept(new TestFleet.Event(h, "host-" + h, "/bin/true"));
        }
        job.accept(new TestFleet.Event(hour + 1, "host-0", "/bin/true"));
        for (int h = 2000; h < 2100; h++) {
            job.accept(new TestFleet.Event(hour + 10 + h, "host-" + h, "/bin/true"));
        }
        job.accept(new TestFleet.Event(2 * hour + 1, "host-0", "/bin/true"));

        ModelSizeStats stats = job.modelSizeStats();
        assertThat(stats.memoryStatus()).isEqualTo("hard_limit");
        assertThat(stats.bucketAllocationFailuresCount()).isEqualTo(100);
        assertThat(stats.totalPartitionFieldCount()).isEqualTo(2000);
        assertThat(stats.modelBytes()).isGreaterThanOrEqualTo(stats.modelBytesMemoryLimit());
    }

    @Test
    void softLimit_prunesHostsIdleForAWeek_andNewHostsAreStillTaken() {
        AnomalyJob job = new AnomalyJob(JobParser.parse(JOB.replace("1mb", "10mb"), "mem"));
        long hour = 3_600_000L;
        // 2 000 hosts seen once, then gone (a fleet replaced); 400 others stay, each active every hour
        for (int h = 0; h < 2000; h++) {
            job.accept(new TestFleet.Event(h, "old-" + h, "/bin/true"));
        }
        for (long t = 0; t < 9 * 24 * hour; t += hour) {
            for (int h = 0; h < 400; h++) {
                job.accept(new TestFleet.Event(t + 10_000 + h, "new-" + h, "/bin/true"));
            }
            if (t == 24 * hour) {
                assertThat(job.memoryStatus()).isEqualTo(org.auditml.engine.series.MemoryStatus.SOFT_LIMIT);
            }
        }

        ModelSizeStats stats = job.modelSizeStats();
        assertThat(stats.totalPartitionFieldCount()).isEqualTo(400);
        assertThat(stats.memoryStatus()).isEqualTo("ok");
        assertThat(stats.bucketAllocationFailuresCount()).isZero();
    }

    @Test
    void modelSizeStats_underTheLimit_isOk() {
        AnomalyJob job = new AnomalyJob(JobParser.parse(JOB.replace("1mb", "64mb"), "mem"));
        job.accept(new TestFleet.Event(0, "a", "/bin/true"));
        job.flush();

        assertThat(job.modelSizeStats().memoryStatus()).isEqualTo("ok");
        assertThat(job.modelSizeStats().totalPartitionFieldCount()).isEqualTo(1);
    }
}

package org.auditml.flink;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FlinkJobMain's arguments: what they set, and mistakes refused in a line that says what to do. */
class FlinkJobArgumentsTest {
    private static final List<String> TOPICS = List.of("--bootstrap-servers", "kafka:9092", "--events-topic",
            "auditbeat", "--results-topic", "auditml-results");

    private static FlinkJobArguments parse(String... more) {
        List<String> args = new ArrayList<>(TOPICS);
        args.addAll(List.of(more));
        return FlinkJobArguments.parse(args.toArray(String[]::new));
    }

    @Test
    void aModulesJobs_withTheirCheckpointsAndStateBackend() {
        FlinkJobArguments a = parse("--module", AnalyzedFleet.MODULE, "--prefix", "fleet_", "--checkpoint-interval",
                "30s", "--state-backend", "RocksDB");

        assertThat(a.jobSet().jobsById()).containsOnlyKeys("fleet_hosts_rare_process_activity_ecs",
                "fleet_hosts_high_count_process_events_ecs");
        assertThat(a.configuration().get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.configuration().get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(a.transactionalIdPrefix).isEqualTo("auditml");
        assertThat(parse("--module", AnalyzedFleet.MODULE).configuration().contains(StateBackendOptions.STATE_BACKEND))
                .as("the cluster's state backend unless one is given").isFalse();
    }

    @Test
    void mistakes_areRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> FlinkJobArguments.parse("--module", AnalyzedFleet.MODULE))
                .hasMessageStartingWith("Missing required options: '--bootstrap-servers=HOST:PORT[,…]'")
                .hasMessageEndingWith("; --help lists the arguments");
        assertThatThrownBy(() -> parse())
                .hasMessage("give --module ID or --job FILE (with its --datafeed), one of them");
        assertThatThrownBy(() -> FlinkJobArguments.parse("--bootstrap-servers", "kafka:9092", "--results-topic", "r",
                "--module", AnalyzedFleet.MODULE))
                .hasMessage("give --events-topic TOPIC (Auditbeat JSON) or --raw-topic TOPIC (raw auditd lines), or both");
        assertThatThrownBy(() -> parse("--module", AnalyzedFleet.MODULE, "--passwd", "web-01=/no/such/passwd")
                .rawReading()).hasMessageContaining("/no/such/passwd");
        assertThatThrownBy(() -> parse("--module", AnalyzedFleet.MODULE, "--job", "j.json"))
                .hasMessage("give --module ID or --job FILE (with its --datafeed), one of them");
        assertThatThrownBy(() -> parse("--job", "a.json", "--job", "b.json", "--datafeed", "d.json"))
                .hasMessage("give one --datafeed per --job (2 jobs, 1 datafeeds), or none");
        assertThatThrownBy(() -> parse("--module", AnalyzedFleet.MODULE, "--checkpoint-interval", "2m"))
                .hasMessage("--checkpoint-interval must be above 0 and at most 50s (the results' Kafka transactions "
                        + "time out after a minute); was 2m");
        assertThatThrownBy(() -> parse("--module", AnalyzedFleet.MODULE, "--checkpoint-interval", "soon"))
                .hasMessage("--checkpoint-interval: not a duration ('soon'); give one such as 10s or 500ms");
        assertThatThrownBy(() -> parse("--module", AnalyzedFleet.MODULE, "--state-backend", "memory"))
                .hasMessageContaining("--state-backend").hasMessageContaining("hashmap, rocksdb");
        assertThatThrownBy(() -> parse("--module", "no_such_module").jobSet())
                .hasMessage("no module 'no_such_module'; 'auditml modules' lists them");
        assertThatThrownBy(() -> parse("--job", "/no/such/job.json").jobSet())
                .hasMessageStartingWith("cannot read the job file /no/such/job.json: ");
    }
}

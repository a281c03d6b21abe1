package org.auditml.audit;

import org.auditml.engine.AnomalyJob;
import org.auditml.engine.EventView;
import org.auditml.engine.TestFleet;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's {@link TestFleet} with users and command lines, two attacks and three traps. Elastic's semantics
 * score every first occurrence alike; with {@code auditml_context} the attacks are critical and the traps are not.
 */
class ContextScenarioTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_438_400_000L; // Monday
    private static final long MINER = START + (18 * 24 + 3) * HOUR + 17 * 60_000;
    private static final long REVERSE_SHELL = START + (17 * 24 + 22) * HOUR + 5 * 60_000;
    private static final long ADMIN_TOOL = START + (16 * 24 + 10) * HOUR + 30 * 60_000;
    private static final long ROLLOUT = START + (19 * 24 + 4) * HOUR;

    private static final String JOB = """
            {"analysis_config": {"bucket_span": "1h", "auditml_context": %s,
               "detectors": [{"function": "rare", "by_field_name": "process.executable", "partition_field_name": "host.name"}],
               "influencers": ["host.name", "process.executable", "user.name"]}}
            """;

    record Event(long timestampMillis, String host, String executable, String user, String uid, String title)
            implements EventView {
        @Override
        public String field(String name) {
            return switch (name) {
                case "host.name" -> host;
                case "process.executable" -> executable;
                case "user.name" -> user;
                case "user.id" -> uid;
                case "process.title" -> title;
                default -> null;
            };
        }
    }

    static List<Event> fleet() {
        List<Event> events = new ArrayList<>();
        Random r = new Random(11);
        for (TestFleet.Event e : TestFleet.processes()) {
            if (e.executable().contains("xxprimef")) {
                continue; // re-added below with its user and command line
            }
            boolean cron = e.executable().contains("logrotate") || e.executable().contains("pg_dump");
            String user = cron ? "root" : r.nextBoolean() ? "alice" : "bob";
            String uid = cron ? "0" : user.equals("alice") ? "1000" : "1001";
            events.add(new Event(e.timestampMillis(), e.host(), e.executable(), user, uid, e.executable()));
        }
        events.add(new Event(MINER, "web-02", "/tmp/.cache/xxprimef", "www-data", "33",
                "/tmp/.cache/xxprimef -o pool.example.net:3333"));
        events.add(new Event(REVERSE_SHELL, "db-01", "/usr/bin/perl", "postgres", "111",
                "perl -e use Socket;$i='10.9.8.7';$p=4444;socket(S,PF_INET,SOCK_STREAM,getprotobyname('tcp'))"));
        events.add(new Event(ADMIN_TOOL, "db-01", "/usr/bin/perf", "alice", "1000", "perf top"));
        for (String host : List.of("web-01", "web-02", "db-01", "bastion-01")) {
            events.add(new Event(ROLLOUT + 60_000, host, "/usr/bin/unattended-upgrade", "root", "0",
                    "/usr/bin/python3 /usr/bin/unattended-upgrade"));
        }
        events.sort(Comparator.comparingLong(Event::timestampMillis));
        return events;
    }

    static List<AnomalyRecord> run(boolean context) {
        AnomalyJob job = new AnomalyJob(JobParser.parse(String.format(JOB, context), "ctx"), new LinuxRarityContext());
        List<Result> results = new ArrayList<>();
        fleet().forEach(e -> results.addAll(job.accept(e)));
        results.addAll(job.flush());
        return TestFleet.records(results);
    }

    private static AnomalyRecord find(List<AnomalyRecord> records, String executable, String host) {
        return records.stream().filter(r -> executable.equals(r.byFieldValue()) && host.equals(r.partitionFieldValue()))
                .findFirst().orElseThrow(() -> new AssertionError("no record for " + executable + " on " + host));
    }

    @Test
    void withContext_attacksAreCritical_andTheTrapsAreNot() {
        List<AnomalyRecord> records = run(true);

        AnomalyRecord miner = find(records, "/tmp/.cache/xxprimef", "web-02");
        AnomalyRecord shell = find(records, "/usr/bin/perl", "db-01");
        assertThat(miner.recordScore()).isGreaterThanOrEqualTo(75);
        assertThat(shell.recordScore()).isGreaterThanOrEqualTo(75);
        assertThat(miner.reason()).contains("first seen on web-02").contains("service account www-data")
                .contains("hidden, world-writable directory").contains("network address");
        assertThat(shell.reason()).contains("postgres").contains("a shell in its arguments");

        AnomalyRecord perf = find(records, "/usr/bin/perf", "db-01");
        assertThat(perf.recordScore()).isLessThan(75);
        assertThat(perf.reason()).contains("interactive user");
        assertThat(records).filteredOn(r -> "/usr/bin/unattended-upgrade".equals(r.byFieldValue()))
                .allSatisfy(r -> assertThat(r.recordScore()).isLessThan(25));
        // nothing but the two attacks is critical, and they lead the ranking
        assertThat(records).filteredOn(r -> r.recordScore() >= 75).extracting(AnomalyRecord::byFieldValue)
                .containsExactlyInAnyOrder("/tmp/.cache/xxprimef", "/usr/bin/perl");
        assertThat(records.subList(0, 2)).extracting(AnomalyRecord::byFieldValue)
                .containsExactlyInAnyOrder("/tmp/.cache/xxprimef", "/usr/bin/perl");
    }

    @Test
    void rollout_eachHostIsJudgedAgainstTheFleetAsItWasBeforeTheBucket() {
        List<AnomalyRecord> rollout = run(true).stream()
                .filter(r -> "/usr/bin/unattended-upgrade".equals(r.byFieldValue())).toList();

        // hosts earlier in name order had once learnt the bucket already, and the later ones found it "known"
        assertThat(rollout).hasSize(4).allSatisfy(r -> assertThat(r.reason())
                .contains("new on 4 hosts in the same hour (a rollout); never seen on any of 3 other hosts")
                .doesNotContain("known on"));
    }

    @Test
    void withoutContext_elasticsSemantics_scoreFirstOccurrencesAlike() {
        List<AnomalyRecord> records = run(false);

        double miner = find(records, "/tmp/.cache/xxprimef", "web-02").recordScore();
        double perf = find(records, "/usr/bin/perf", "db-01").recordScore();
        assertThat(miner).isLessThan(75);
        assertThat(Math.abs(miner - perf)).isLessThan(25);
    }
}

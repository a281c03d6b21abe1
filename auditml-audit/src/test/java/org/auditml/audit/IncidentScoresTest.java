package org.auditml.audit;

import org.auditml.engine.AnomalyJob;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.IncidentFleet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scores a security team can act on, over {@link IncidentFleet}'s fortnight of ten servers with the built-in
 * modules, for several seeds: each planted incident is critical, each look-alike is not, and little else is.
 */
class IncidentScoresTest {
    private static final double CRITICAL = 75;
    private static final long HOUR = 3_600_000L;
    private static final int NOISE_SEEDS = 4;

    record Scored(List<IncidentFleet.Incident> incidents, List<AnomalyRecord> records) {
        Stream<AnomalyRecord> of(String jobSuffix, String where, long hour) {
            return records.stream().filter(r -> r.jobId().endsWith(jobSuffix) && r.timestamp() == hour
                    && where.equals(r.partitionFieldValue() != null ? r.partitionFieldValue() : r.overFieldValue()));
        }

        double top(String jobSuffix, String where, long hour) {
            return of(jobSuffix, where, hour).mapToDouble(AnomalyRecord::recordScore).max().orElse(0);
        }

        double rare(String jobSuffix, String host, long hour, String executable) {
            return records.stream().filter(r -> r.jobId().endsWith(jobSuffix) && r.timestamp() == hour
                            && executable.equals(r.byFieldValue()) && host.equals(r.partitionFieldValue()))
                    .mapToDouble(AnomalyRecord::recordScore).max().orElse(0);
        }
    }

    static Scored score(Path dir, long seed, List<Module> modules) throws Exception {
        IncidentFleet.Written w = IncidentFleet.write(dir, seed);
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("h")).read(List.of(w.log()), events::add);
        events.sort(Comparator.comparingLong(AuditEvent::timestampMillis));
        List<AnomalyRecord> records = new ArrayList<>();
        for (Module m : modules) {
            for (Module.SetUpJob j : m.setUp("")) {
                AnomalyJob job = new AnomalyJob(j.job(), new LinuxRarityContext());
                List<Result> results = new ArrayList<>();
                for (AuditEvent e : events) {
                    AuditEventView view = new AuditEventView(e);
                    results.addAll(j.datafeed().matches(view) ? job.accept(view) : job.advanceTo(e.timestampMillis()));
                }
                results.addAll(job.flush());
                List<AnomalyRecord> own = results.stream().filter(r -> r instanceof AnomalyRecord)
                        .map(r -> (AnomalyRecord) r).toList();
                records.addAll(job.renormalize(own, 0).isEmpty() ? own : renormalized(job, own));
            }
        }
        return new Scored(w.incidents(), records);
    }

    /** Each record as it stands once the job's scale is final (as the store keeps them). */
    private static List<AnomalyRecord> renormalized(AnomalyJob job, List<AnomalyRecord> records) {
        java.util.Map<AnomalyRecord, AnomalyRecord> changed = new java.util.HashMap<>();
        for (AnomalyRecord r : records) {
            List<AnomalyRecord> one = job.renormalize(List.of(r), 0);
            changed.put(r, one.isEmpty() ? r : one.get(0));
        }
        return records.stream().map(changed::get).toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void hostsModule_incidentsAreCritical_lookAlikesAreNot(long seed, @TempDir Path dir) throws Exception {
        Scored s = score(dir, seed, List.of(AuditModules.byId("auditbeat_process_hosts_ecs").orElseThrow()));
        String count = "hosts_high_count_process_events_ecs";
        String rare = "hosts_rare_process_activity_ecs";

        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(s.top(count, "build-01", IncidentFleet.NIGHT_SURGE_HOUR)).as("night surge").isGreaterThanOrEqualTo(CRITICAL);
        soft.assertThat(s.top(count, "build-01", IncidentFleet.NOON_SURGE_HOUR)).as("the same count at noon").isLessThan(CRITICAL);
        soft.assertThat(s.top(count, "bastion-01", IncidentFleet.STORM_DAY + 11 * 3_600_000L)).as("first storm")
                .isGreaterThanOrEqualTo(CRITICAL);
        soft.assertThat(s.top(count, "bastion-02", IncidentFleet.STORM_DAY + 15 * 3_600_000L)).as("second storm")
                .isGreaterThanOrEqualTo(CRITICAL);
        for (IncidentFleet.Incident i : s.incidents()) {
            if (i.executable() == null) {
                continue;
            }
            double score = s.rare(rare, i.host(), i.hour(), i.executable());
            if (i.critical()) {
                soft.assertThat(score).as("%s %s on %s", i.kind(), i.executable(), i.host()).isGreaterThanOrEqualTo(CRITICAL);
            } else if (i.kind() == IncidentFleet.Kind.ROLLOUT) {
                soft.assertThat(score).as("rollout %s on %s", i.executable(), i.host()).isLessThan(25);
            } else {
                soft.assertThat(score).as("%s %s on %s", i.kind(), i.executable(), i.host()).isLessThan(CRITICAL);
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void securityLinux_theRolloutAndTheAdminAreNotCritical_theAttacksAre(long seed, @TempDir Path dir) throws Exception {
        Scored s = score(dir, seed, List.of(AuditModules.byId("security_linux_v3").orElseThrow()));
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();

        for (IncidentFleet.Incident i : s.incidents()) {
            if (i.executable() == null) {
                continue;
            }
            double score = processScore(s, i);
            soft.assertThat(score).as("%s %s on %s", i.kind(), i.executable(), i.host())
                    .matches(x -> i.critical() ? x >= CRITICAL : x < CRITICAL, i.critical() ? "critical" : "not critical");
        }
        soft.assertAll();
    }

    /**
     * The planted processes were started by a server program (the fleet writes their parent pids: the build server's
     * Java for the reverse shell, the web server's PHP for the miner): their reasons name the chain, and no other
     * record's reason names one (the other processes' parents are not in the events).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"auditbeat_process_hosts_ecs", "security_linux_v3"})
    void theReverseShellAndTheMinerNameWhoStartedThem(String module, @TempDir Path dir) throws Exception {
        Scored s = score(dir, 2, List.of(AuditModules.byId(module).orElseThrow()));
        List<String> named = s.records().stream().filter(r -> r.reason() != null && r.reason().contains("started by"))
                .map(AnomalyRecord::reason).toList();

        assertThat(named).isNotEmpty().allSatisfy(reason -> assertThat(reason)
                .satisfiesAnyOf(x -> assertThat(x).startsWith("nc").contains("; started by java → nc"),
                        x -> assertThat(x).startsWith("/usr/bin/nc").contains("; started by java → nc"),
                        x -> assertThat(x).contains("xxprimef: ").contains("; started by php8.2 → xxprimef")));
        assertThat(named).anyMatch(x -> x.contains("→ nc")).anyMatch(x -> x.contains("→ xxprimef"));
    }

    /** Noise: at most one critical record per ten hosts per fortnight that is no incident, over several fleets. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"auditbeat_process_hosts_ecs", "security_linux"})
    void criticalRecordsThatAreNoIncident_atMostOnePerTenHostsPerFortnight(String module, @TempDir Path dir)
            throws Exception {
        List<String> noise = new ArrayList<>();
        for (long seed = 1; seed <= NOISE_SEEDS; seed++) {
            Scored s = score(dir.resolve("fleet-" + seed), seed, List.of(AuditModules.byId(module).orElseThrow()));
            s.records().stream().filter(r -> r.recordScore() >= CRITICAL && !isIncident(s, r))
                    .map(r -> r.jobId() + " " + java.time.Instant.ofEpochMilli(r.timestamp()) + " " + r.reason())
                    .forEach(noise::add);
        }
        assertThat(noise).as("critical records that are no incident, over %d fleets of %d hosts", NOISE_SEEDS,
                IncidentFleet.servers()).hasSizeLessThanOrEqualTo(NOISE_SEEDS * IncidentFleet.servers() / 10);
    }

    /** The highest score the security jobs gave the program (by its process name) in the incident's hour. */
    private static double processScore(Scored s, IncidentFleet.Incident i) {
        return s.records().stream().filter(r -> comm(i.executable()).equals(r.byFieldValue())
                        && r.timestamp() >= i.hour() && r.timestamp() < i.hour() + 3_600_000L
                        && (r.partitionFieldValue() == null || r.partitionFieldValue().equals(i.host())))
                .mapToDouble(AnomalyRecord::recordScore).max().orElse(0);
    }

    /** A program's process name as the kernel records it: its file name, cut to 15 characters. */
    private static String comm(String executable) {
        String name = executable.substring(executable.lastIndexOf('/') + 1);
        return name.length() > 15 ? name.substring(0, 15) : name;
    }

    /** Whether a record is one of a critical incident's: the host's count in its hour, or its program then. */
    private static boolean isIncident(Scored s, AnomalyRecord r) {
        String where = r.partitionFieldValue() != null ? r.partitionFieldValue() : r.overFieldValue();
        return s.incidents().stream().filter(IncidentFleet.Incident::critical).anyMatch(i -> i.executable() == null
                ? i.host().equals(where) && i.hour() == r.timestamp() && r.byFieldValue() == null
                : r.timestamp() >= i.hour() && r.timestamp() < i.hour() + HOUR
                && (i.executable().equals(r.byFieldValue()) || comm(i.executable()).equals(r.byFieldValue())));
    }
}

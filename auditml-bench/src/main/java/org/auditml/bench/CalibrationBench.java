package org.auditml.bench;

import org.auditml.audit.AuditEventView;
import org.auditml.audit.AuditModules;
import org.auditml.audit.LinuxRarityContext;
import org.auditml.engine.AnomalyJob;
import org.auditml.engine.model.CountModel;
import org.auditml.engine.module.Module;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.Result;
import org.auditml.engine.score.Severity;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.IncidentFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code auditml bench calibration}: whether probabilities mean what they say on benign data. Over fortnights of the
 * generated fleet without incidents (bursts, cron jobs, builds, weekends, a host that joins, a package rollout), each
 * host's and each container's hourly process count goes through the count model as the host and Docker modules' rate
 * jobs see it; once a series has a week of history, it prints the share of buckets with p below 0.01 in each
 * four-hour slot of the day (calibrated: about 1 %, between 0.5 % and 2 %), and a histogram of the bucket's own
 * upper tails below 0.5 (calibrated: 5 % in each of its ten bins). The hour of the package rollout is left out of
 * these: four more processes in a quiet hour are a real departure from the hour's counts, benign as they are. Then
 * it runs the host and Docker modules and prints their records per partition per fortnight at each severity: the
 * false alarms a team would get.
 */
@Command(name = "calibration", mixinStandardHelpOptions = true,
        description = "Calibration of the count model's tails and the modules' false alarms on benign generated fleets.")
final class CalibrationBench implements Callable<Integer> {
    private static final long HOUR = 3_600_000L;
    private static final long WEEK = 7 * 24 * HOUR;
    private static final int SLOTS = 6;
    private static final List<String> MODULES = List.of("auditbeat_process_hosts_ecs", "auditbeat_process_docker_ecs");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--seeds", defaultValue = "10", description = "Fleets to generate (default: ${DEFAULT-VALUE}).")
    int seeds;

    /** What the tails of one kind of series came to. */
    private static final class Tails {
        final long[] slotBuckets = new long[SLOTS];
        final long[] slotAlarms = new long[SLOTS];
        final long[] bins = new long[11]; // ten bins of 0.05 below 0.5, then the rest

        void add(long bucket, CountModel.Assessment a) {
            int slot = (int) (Math.floorMod(bucket, 24 * HOUR) / HOUR) / 4;
            slotBuckets[slot]++;
            if (a.probability() < 0.01) {
                slotAlarms[slot]++;
            }
            if (!a.multiBucket()) {
                bins[a.probability() >= 0.5 ? 10 : (int) (a.probability() / 0.05)]++;
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Tails hosts = new Tails();
        Tails containers = new Tails();
        Map<String, Map<Severity, Long>> bySeverity = new TreeMap<>();
        Map<String, Integer> partitions = new TreeMap<>();
        Path dir = Files.createTempDirectory("auditml-calibration");
        try {
            for (long seed = 1; seed <= seeds; seed++) {
                IncidentFleet.Written w = IncidentFleet.write(dir.resolve("fleet-" + seed), seed, false);
                List<AuditEvent> events = new ArrayList<>();
                new AuditReader(ReaderOptions.defaults("bench")).read(List.of(w.log(), w.containerLog()), events::add);
                events.sort(Comparator.comparingLong(AuditEvent::timestampMillis));
                countTails(events, e -> e.get("container.id") == null ? e.getString("host.name") : null, true, hosts);
                countTails(events, e -> e.getString("container.name"), false, containers);
                alarms(events, bySeverity, partitions);
            }
        } finally {
            WorkDirs.delete(dir);
        }
        out.printf(Locale.ROOT, "count model, hourly processes of %d benign fleets, once a series has a week of history:%n",
                seeds);
        out.println("  buckets with p < 0.01 (calibrated: 0.5-2 %)   hosts                 containers");
        for (int s = 0; s < SLOTS; s++) {
            out.printf(Locale.ROOT, "    %02d:00-%02d:00                                %5.2f %% of %5d    %5.2f %% of %5d%n",
                    s * 4, s * 4 + 4, share(hosts.slotAlarms[s], hosts.slotBuckets[s]), hosts.slotBuckets[s],
                    share(containers.slotAlarms[s], containers.slotBuckets[s]), containers.slotBuckets[s]);
        }
        histogram(out, "hosts", hosts);
        histogram(out, "containers", containers);
        out.println("records per partition per fortnight (learning excluded), by severity:");
        bySeverity.forEach((job, counts) -> out.printf(Locale.ROOT, "  %-40s minor %6.2f  major %6.2f  critical %6.2f%n",
                job, per(counts, Severity.MINOR, partitions.get(job)), per(counts, Severity.MAJOR, partitions.get(job)),
                per(counts, Severity.CRITICAL, partitions.get(job))));
        return 0;
    }

    private static double share(long part, long whole) {
        return 100.0 * part / Math.max(1, whole);
    }

    private static void histogram(PrintWriter out, String what, Tails t) {
        long all = java.util.Arrays.stream(t.bins).sum();
        StringBuilder bins = new StringBuilder();
        double worst = 0;
        for (int b = 0; b < 10; b++) {
            double share = share(t.bins[b], all);
            bins.append(String.format(Locale.ROOT, " %.1f", share));
            worst = Math.max(worst, Math.abs(share - 5) / 5);
        }
        out.printf(Locale.ROOT, "  %s: upper tails below 0.5, %% in bins of 0.05 (5 each when calibrated):%s; "
                + "rest %.1f; largest departure %.0f %%%n", what, bins, share(t.bins[10], all), 100 * worst);
    }

    private double per(Map<Severity, Long> counts, Severity s, int partitions) {
        return counts.getOrDefault(s, 0L) / (double) Math.max(1, partitions);
    }

    /** Each series' hourly counts through a count model, after a week of its history. */
    private static void countTails(List<AuditEvent> events, Function<AuditEvent, String> series, boolean skipsEmpty,
                                   Tails tails) {
        Map<String, TreeMap<Long, Integer>> counts = new TreeMap<>();
        for (AuditEvent e : events) {
            String key = series.apply(e);
            if (key != null) {
                counts.computeIfAbsent(key, k -> new TreeMap<>()).merge(e.timestampMillis() / HOUR * HOUR, 1, Integer::sum);
            }
        }
        for (TreeMap<Long, Integer> one : counts.values()) {
            CountModel model = new CountModel(HOUR, skipsEmpty);
            long first = one.firstKey();
            for (long bucket = first; bucket <= one.lastKey(); bucket += HOUR) {
                int count = one.getOrDefault(bucket, 0);
                if (count == 0 && skipsEmpty) {
                    continue;
                }
                CountModel.Assessment a = model.assess(bucket, count, CountModel.Side.HIGH);
                if (bucket - first >= WEEK && !a.learning() && bucket != IncidentFleet.ROLLOUT_HOUR) {
                    tails.add(bucket, a);
                }
                model.add(bucket, count);
            }
        }
    }

    /** The host and Docker modules' records by severity, and each job's partitions. */
    private static void alarms(List<AuditEvent> events, Map<String, Map<Severity, Long>> bySeverity,
                               Map<String, Integer> partitions) {
        for (String id : MODULES) {
            for (Module.SetUpJob j : AuditModules.byId(id).orElseThrow().setUp("")) {
                AnomalyJob job = new AnomalyJob(j.job(), new LinuxRarityContext());
                String partition = j.job().analysisConfig().detectors().get(0).partitionFieldName();
                List<Result> results = new ArrayList<>();
                Set<String> seen = new TreeSet<>();
                for (AuditEvent e : events) {
                    AuditEventView v = new AuditEventView(e);
                    if (j.datafeed().matches(v)) {
                        if (partition != null && v.field(partition) != null) {
                            seen.add(v.field(partition));
                        }
                        results.addAll(job.accept(v));
                    } else {
                        results.addAll(job.advanceTo(e.timestampMillis()));
                    }
                }
                results.addAll(job.flush());
                Map<Severity, Long> counts = bySeverity.computeIfAbsent(j.job().jobId(), k -> new EnumMap<>(Severity.class));
                for (Result r : results) {
                    if (r instanceof AnomalyRecord record && record.learning() == null) {
                        counts.merge(Severity.of(asFinal(job, record).recordScore()), 1L, Long::sum);
                    }
                }
                partitions.merge(j.job().jobId(), seen.size(), Integer::sum);
            }
        }
    }

    /** A record as it stands once the job has seen everything (renormalised, as the store would keep it). */
    private static AnomalyRecord asFinal(AnomalyJob job, AnomalyRecord record) {
        List<AnomalyRecord> renormalised = job.renormalize(List.of(record), 0);
        return renormalised.isEmpty() ? record : renormalised.get(0);
    }
}

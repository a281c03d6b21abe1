package org.auditml.bench;

import org.auditml.beats.BeatsLimits;
import org.auditml.beats.BeatsServer;
import org.auditml.beats.BeatsTls;
import org.auditml.read.AuditEvent;
import org.auditml.read.beat.BeatEventParser;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.LumberjackClient;
import org.auditml.testkit.SelfSignedKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code auditml bench beats}: the Beats server under load. For 1, 10 and 50 Beats at once, TLS off and on, each Beat
 * one host sending its share of a fixed number of Auditbeat events as Auditbeat's Logstash output does (compressed
 * windows of {@code bulk_max_size} 2048, two windows in flight: {@code pipelining: 2}), into a new store: sustained
 * events/s, the time from a window's sending to its ACK (which the server sends once the window is stored), the heap
 * after a collection with the server up, and the process's resident memory. Baselines in the same run and on the same
 * events: storing them through the service in process (parsing and storing, no network), and {@code analyze} of them
 * from a file. The clients run in the same process, on the same two cores.
 */
@Command(name = "beats", mixinStandardHelpOptions = true,
        description = {"Beats (Lumberjack v2) server under 1, 10 and 50 concurrent clients, TLS off and on: events/s,",
                "sent-to-stored latency, heap and RSS, against storing the same events in process and analyze of a file."})
final class BeatsBench implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", defaultValue = "200000", description = "Events per run, shared by the clients (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--clients", split = ",", defaultValue = "1,10,50", description = "Concurrent clients of each run (default: ${DEFAULT-VALUE}).")
    int[] clients;

    @Option(names = "--window", defaultValue = "2048", description = "Events per window: Auditbeat's bulk_max_size (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--in-flight", defaultValue = "2", description = "Windows a client sends before it waits for an ACK: Auditbeat's pipelining (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--fleet-rate", defaultValue = "10000", description = {"Events/s of the paced runs: their clients send "
            + "at this rate together, each a window a second (default: ${DEFAULT-VALUE}: 1,000 hosts at 10 events/s; 0: no paced runs)."})
    int fleetRate;

    @Option(names = "--paced-clients", defaultValue = "50", description = "Clients of the paced runs (default: ${DEFAULT-VALUE}).")
    int pacedClients;

    /**
     * One client's windows, built before the clock starts (what a Beat has ready to send), and its pace: events/s
     * (0: as fast as the server takes them).
     */
    private record Client(List<byte[]> windows, int[] sizes, double rate) {
    }

    /** What one run measured. */
    private record Run(double seconds, long stored, long[] latencyMicros, long heapAfterGc, long rss) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("auditml-bench-beats");
        try {
            BeatFleet fleet = new BeatFleet(dir.resolve("fleet"));
            SelfSignedKeyStore keys = SelfSignedKeyStore.write(dir.resolve("beats.p12"));
            BeatsTls serverTls = BeatsTls.fromKeyStore(keys.file(), keys.password());
            out.printf(Locale.ROOT, "%,d Auditbeat events a run (the demo fleet's container events, one host per client, "
                    + "%.0f a second in event time), windows of %d, compressed, %d in flight per client; %d cores%n",
                    events, hostRate(), window, inFlight, Runtime.getRuntime().availableProcessors());

            double[] baselines = baselines(dir, fleet);
            double inProcess = baselines[0];
            double analyze = baselines[1];
            out.printf(Locale.ROOT, "heap after GC before the server starts: %.0f MB%n", heapAfterGc() / 1e6);
            out.printf(Locale.ROOT, "baseline: stored through the service in process in windows of %d (parse + store, no network): %,.0f events/s%n",
                    window, inProcess);
            if (fleetRate > 0) {
                out.printf(Locale.ROOT, "          the same in windows of %d (the paced runs' windows): %,.0f events/s%n", pacedWindow(),
                        baselines[2]);
            }
            out.printf(Locale.ROOT, "baseline: analyze of the same events from a file (read, store, the modules they match): %,.0f events/s%n", analyze);
            out.printf(Locale.ROOT, "%7s %4s %10s %9s %8s  %-34s %9s %9s %9s%n", "clients", "tls", "events/s", "÷in-proc",
                    "÷analyze", "sent→stored ms p50/p90/p99/max", "heap MB", "RSS MB", "peak RSS");
            for (boolean tls : new boolean[] {false, true}) {
                for (int n : clients) {
                    Run run = run(dir, fleet, n, 0, tls ? serverTls : null, tls ? keys.client() : null);
                    if (!print(out, n, tls, run, inProcess, analyze)) {
                        return 1;
                    }
                }
            }
            if (fleetRate > 0) {
                out.printf(Locale.ROOT, "paced: %d clients sending %,d events/s together, a window a second each%n",
                        pacedClients, fleetRate);
                for (boolean tls : new boolean[] {false, true}) {
                    Run run = run(dir, fleet, pacedClients, fleetRate, tls ? serverTls : null, tls ? keys.client() : null);
                    if (!print(out, pacedClients, tls, run, inProcess, analyze)) {
                        return 1;
                    }
                }
            }
            out.println("sent→scored: a real-time datafeed scores a bucket once it has closed and its query_delay has passed, "
                    + "looking every frequency: stored→scored is bucket_span + query_delay + up to frequency, whatever the server");
        } finally {
            WorkDirs.delete(dir);
        }
        return 0;
    }

    private boolean print(PrintWriter out, int n, boolean tls, Run run, double inProcess, double analyze) {
        if (run.stored() != events) {
            out.printf(Locale.ROOT, "  %d clients: %d of %d events stored%n", n, run.stored(), events);
            return false;
        }
        double rate = events / run.seconds();
        out.printf(Locale.ROOT, "%7d %4s %,10.0f %9.2f %8.2f  %-34s %9.0f %9.0f %9.0f%n", n, tls ? "on" : "off",
                rate, rate / inProcess, rate / analyze, percentiles(run.latencyMicros()),
                run.heapAfterGc() / 1e6, run.rss() / 1e6, status("VmHWM") / 1e6);
        out.flush();
        return true;
    }

    /** The baselines' events/s: in process, analyze, in process in the paced runs' windows (the events are not kept). */
    private double[] baselines(Path dir, BeatFleet fleet) throws IOException {
        List<String> all = fleet.events("host-000", events, hostRate());
        inProcess(dir, all.subList(0, Math.min(all.size(), 20 * window)), window); // untimed: the JIT compiles the path first
        return new double[] {inProcess(dir, all, window), analyze(dir, all),
                fleetRate > 0 ? inProcess(dir, all, pacedWindow()) : 0};
    }

    /** Events/s in the time of each client's events: the paced runs' rate of one client (200 by default). */
    private double hostRate() {
        return (fleetRate > 0 ? fleetRate : 10_000) / (double) pacedClients;
    }

    /** A paced Beat's window: what a second brought (the Beat's queue flush timeout), up to its bulk_max_size. */
    private int pacedWindow() {
        return (int) Math.max(1, Math.min(window, Math.round(fleetRate / (double) pacedClients)));
    }

    /** Events/s of parsing and storing the events in windows through the service, as the server's store does. */
    private double inProcess(Path dir, List<String> all, int window) {
        BeatEventParser parser = new BeatEventParser();
        Path store = dir.resolve("in-process.duckdb");
        try (AuditmlService service = AuditmlService.open(store)) {
            long t0 = System.nanoTime();
            for (int from = 0; from < all.size(); from += window) {
                List<AuditEvent> batch = new ArrayList<>(window);
                all.subList(from, Math.min(all.size(), from + window)).forEach(json -> batch.add(parser.parse(json)));
                service.ingestEvents("bench", batch);
            }
            return all.size() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            delete(store);
        }
    }

    /** Events/s of {@code analyze} of the events written to a file, into a new store. */
    private double analyze(Path dir, List<String> all) throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.write(file, all);
        Path store = dir.resolve("analyze.duckdb");
        try (AuditmlService service = AuditmlService.open(store)) {
            long t0 = System.nanoTime();
            service.analyze(new AnalysisRequest(List.of(file), List.of(), List.of(), "", null, null, "bench"),
                    IngestListener.NONE);
            return all.size() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            delete(store);
            Files.deleteIfExists(file);
        }
    }

    /** A run of {@code n} clients sending as fast as they can ({@code rate} 0) or {@code rate} events/s together. */
    private Run run(Path dir, BeatFleet fleet, int n, int rate, BeatsTls serverTls, SSLContext clientTls)
            throws Exception {
        List<Client> prepared = new ArrayList<>();
        double clientRate = (double) rate / n;
        int window = rate == 0 ? this.window : pacedWindow();
        for (int c = 0; c < n; c++) {
            int share = events / n + (c < events % n ? 1 : 0);
            List<String> hostEvents = fleet.events(String.format(Locale.ROOT, "host-%03d", c), share, hostRate());
            List<byte[]> windows = new ArrayList<>();
            int[] sizes = new int[(share + window - 1) / window];
            for (int w = 0, from = 0; from < share; w++, from += window) {
                List<String> part = hostEvents.subList(from, Math.min(share, from + window));
                windows.add(LumberjackClient.window(part, true));
                sizes[w] = part.size();
            }
            prepared.add(new Client(windows, sizes, clientRate));
        }
        Path store = dir.resolve("beats.duckdb");
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try (AuditmlService service = AuditmlService.open(store);
             BeatsServer server = serverTls == null
                     ? BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, line -> { })
                     : BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, serverTls, line -> { })) {
            List<Future<long[]>> done = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Client client : prepared) {
                done.add(pool.submit(() -> send(server.port(), clientTls, client, t0)));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> f : done) {
                for (long l : f.get()) {
                    latencies.add(l);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            prepared.clear();
            return new Run(seconds, service.eventCount(), sorted, heapAfterGc(), status("VmRSS"));
        } finally {
            pool.shutdownNow();
            delete(store);
        }
    }

    /**
     * Sends a client's windows, {@code inFlight} at a time, each when its pace has it due (counted from {@code t0});
     * returns each window's time from sent to ACKed, in µs.
     */
    private long[] send(int port, SSLContext tls, Client client, long t0) throws IOException, InterruptedException {
        long[] latency = new long[client.windows().size()];
        Deque<Long> sentAt = new ArrayDeque<>();
        try (LumberjackClient beat = tls == null ? new LumberjackClient(port) : new LumberjackClient(port, tls)) {
            int acked = 0;
            long eventsSent = 0;
            for (int w = 0; w < client.windows().size() || !sentAt.isEmpty(); ) {
                boolean canSend = w < client.windows().size() && sentAt.size() < inFlight;
                long wait = canSend && client.rate() > 0
                        ? t0 + (long) (eventsSent * 1e9 / client.rate()) - System.nanoTime() : 0;
                if (canSend && wait <= 0) {
                    eventsSent += client.sizes()[w];
                    sentAt.add(System.nanoTime());
                    beat.sendRaw(client.windows().get(w++));
                } else if (sentAt.isEmpty()) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the next window is not due yet
                } else {
                    long seq;
                    do {
                        seq = beat.awaitAck(); // a partial ACK says part of the window is stored: wait for all of it
                    } while (seq < client.sizes()[acked]);
                    latency[acked++] = (System.nanoTime() - sentAt.remove()) / 1000;
                }
            }
        }
        return latency;
    }

    private static String percentiles(long[] sortedMicros) {
        if (sortedMicros.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", at(sortedMicros, 0.5), at(sortedMicros, 0.9),
                at(sortedMicros, 0.99), sortedMicros[sortedMicros.length - 1] / 1000.0);
    }

    /** The nearest-rank percentile, in ms. */
    private static double at(long[] sortedMicros, double p) {
        int rank = (int) Math.ceil(p * sortedMicros.length);
        return sortedMicros[Math.max(0, rank - 1)] / 1000.0;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A figure of /proc/self/status in bytes (VmRSS: resident now; VmHWM: its peak), or -1 where there is none. */
    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    private static void delete(Path store) {
        try (Stream<Path> files = Files.list(store.getParent())) {
            files.filter(p -> p.getFileName().toString().startsWith(store.getFileName().toString())).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the temporary directory goes at the end
        }
    }
}

package org.auditml.bench;

import org.auditml.server.MlServer;
import org.auditml.server.ServerOptions;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.IncidentFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code auditml bench ui}: how long each web UI page takes over a fortnight of 50 hosts (five copies of the
 * incident fleet, hosts renamed), analysed with the modules the data matches: the response times of the API calls
 * each page makes (median and slowest of several), and the time until Chromium has drawn the page, as the page itself
 * records it ({@code data-drawn-ms} on its body, milliseconds since navigation started).
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Web UI pages over a fortnight of 50 hosts: API response times and the time until Chromium draws each.")
final class UiBench implements Callable<Integer> {
    private static final Pattern DRAWN = Pattern.compile("data-drawn-ms=\"([0-9.]+)\"");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--fleets", defaultValue = "5", description = "Copies of the 10-host incident fleet (default: ${DEFAULT-VALUE}).")
    int fleets;

    @Option(names = "--repeat", defaultValue = "5", description = "Calls of each API request after a warm-up (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--chromium", defaultValue = "/usr/bin/chromium", description = "Chromium (default: ${DEFAULT-VALUE}).")
    Path chromium;

    /** A page of the UI, the path that opens it, and the API calls it makes to draw itself. */
    record Page(String name, String path, List<String> calls) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("auditml-bench-ui");
        Path log = writeFleet(dir);
        try (AuditmlService service = AuditmlService.open(dir.resolve("ui.duckdb"))) {
            long t0 = System.nanoTime();
            service.analyze(new AnalysisRequest(List.of(log), List.of(), List.of(), "", null, null, "bench"),
                    IngestListener.NONE);
            out.printf(Locale.ROOT, "%d hosts, %d events, analysed in %.1f s; %s%n", fleets * IncidentFleet.servers(),
                    service.eventCount(), (System.nanoTime() - t0) / 1e9, String.join(", ", service.jobIds()));
            try (MlServer server = MlServer.start(service, ServerOptions.local(0))) {
                String base = "http://127.0.0.1:" + server.port();
                HttpClient http = HttpClient.newHttpClient();
                for (Page page : pages(service.jobIds())) {
                    out.printf(Locale.ROOT, "%s (%s)%n", page.name(), page.path());
                    double slowest = 0;
                    for (String call : page.calls()) {
                        double[] ms = time(http, base + call);
                        slowest = Math.max(slowest, ms[0]);
                        out.printf(Locale.ROOT, "  %-100s median %7.1f ms, slowest %7.1f ms%n", call, ms[0], ms[1]);
                    }
                    out.printf(Locale.ROOT, "  slowest call (median) %.0f ms%n", slowest);
                    out.printf(Locale.ROOT, "  drawn in Chromium after %s%n", drawn(base + page.path()));
                }
            }
        }
        return 0;
    }

    /** The pages and the calls each makes to draw itself, as the UI's scripts make them. */
    static List<Page> pages(List<String> jobIds) {
        String ml = "/_ml/anomaly_detectors";
        List<String> jobs = List.of(ml, ml + "/_stats", "/_ml/datafeeds", "/_ml/datafeeds/_stats");
        List<String> explorer = new java.util.ArrayList<>(jobs);
        explorer.add(ml + "/_all/results/overall_buckets?top_n=1");
        List<String> jobsPage = new java.util.ArrayList<>(jobs);
        for (String id : jobIds) {
            explorer.add(ml + "/" + id + "/results/records?size=1000&record_score=3");
            explorer.add(ml + "/" + id + "/results/influencers?size=10000&influencer_score=0.01");
            jobsPage.add(ml + "/" + id + "/results/buckets?size=1&desc=true");
        }
        String host = "host=f1-web-02";
        return List.of(
                new Page("anomaly explorer", "/", explorer),
                new Page("jobs", "/#/jobs", jobsPage),
                new Page("process explorer", "/#/process?" + host, List.of(
                        "/api/events?" + host + "&sort=@timestamp&desc=false&from=0&size=50",
                        "/api/events?" + host + "&sort=@timestamp&desc=false&size=2000",
                        "/api/events/_histogram?" + host + "&interval=1h&split=process.executable&top=10")),
                new Page("process rate", "/#/rate?" + host, List.of(
                        "/api/events/_histogram?" + host + "&interval=1h&split=process.executable&top=10")),
                new Page("data health", "/#/health", List.of("/api/hosts",
                        "/api/events/_histogram?interval=1d&split=host.name&top=10")));
    }

    private double[] time(HttpClient http, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        http.send(request, HttpResponse.BodyHandlers.discarding());
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
        }
        Arrays.sort(ms);
        return new double[]{ms[repeat / 2], ms[repeat - 1]};
    }

    /** What the page recorded as its drawing time, read from the DOM Chromium dumps once the page has settled. */
    private String drawn(String url) throws IOException, InterruptedException {
        if (!Files.isExecutable(chromium)) {
            return "(no Chromium at " + chromium + ")";
        }
        Path profile = Files.createTempDirectory("auditml-bench-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, "--window-size=1440,900",
                "--virtual-time-budget=20000", "--dump-dom", url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "(Chromium did not finish)";
        }
        Matcher m = DRAWN.matcher(dom);
        return m.find() ? String.format(Locale.ROOT, "%.0f ms", Double.parseDouble(m.group(1))) : "(not drawn)";
    }

    /** Five incident fleets of ten servers, each copy's hosts named f1-..f5-, in one raw log. */
    private Path writeFleet(Path dir) throws IOException {
        Path log = dir.resolve("fleet.log");
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int k = 1; k <= fleets; k++) {
                IncidentFleet.Written one = IncidentFleet.write(dir.resolve("fleet-" + k), k);
                String prefix = "node=f" + k + "-";
                try (var lines = Files.lines(one.log(), StandardCharsets.UTF_8)) {
                    for (String line : (Iterable<String>) lines::iterator) {
                        w.write(line.startsWith("node=") ? prefix + line.substring(5) : line);
                        w.newLine();
                    }
                }
            }
        }
        return log;
    }

}

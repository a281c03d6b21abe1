package org.auditml.service;

import org.auditml.audit.AuditEventView;
import org.auditml.engine.module.Module;
import org.auditml.engine.module.CoverageFinding;
import org.auditml.engine.module.DatafeedCoverage;
import org.auditml.engine.module.ModuleRecognizer;
import org.auditml.engine.result.Result;
import org.auditml.read.AuditReader;
import org.auditml.read.ReadReport;
import org.auditml.read.ReaderOptions;
import org.auditml.store.AuditStore;
import org.auditml.store.EventWriter;
import org.auditml.store.IngestLoss;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One ingest-and-analyse: the sources are read side by side and merged by time; each event is stored and fed at once
 * to the live jobs (modules recognised in the data are set up as they are); once everything is stored, the jobs that
 * could not run live run from the store.
 */
final class AnalysisRun {
    private final AuditStore store;
    private final AnalysisRequest request;
    private final List<Module> modules;
    private final List<Module> candidates;
    private final Map<String, Module> overlaid;

    /**
     * @param modules    the modules the request names, already found
     * @param candidates the modules to recognise in the data (none when the request names modules or jobs)
     * @param overlaid   when the modules run without the overlay: the modules with it, by id, to say what it would
     *                   mend (empty otherwise)
     */
    AnalysisRun(AuditStore store, AnalysisRequest request, List<Module> modules, List<Module> candidates,
                Map<String, Module> overlaid) {
        this.store = store;
        this.request = request;
        this.modules = modules;
        this.candidates = candidates;
        this.overlaid = overlaid;
    }

    AnalysisReport run(IngestListener listener) {
        long t0 = System.nanoTime();
        // the store keeps each event's original and the jobs read a few fields: the rest is normalised on demand
        AuditReader reader = new AuditReader(ReaderOptions.defaults(request.defaultHost()).deferringDetail()
                .withAccounts(request.accounts()));
        store.readNamesWith(request.accounts()); // jobs that run from the store read the same names
        LiveAnalysis analysis = new LiveAnalysis(store, request.startMillis(), request.endMillis());
        List<String> ran = new ArrayList<>();
        for (Module.SetUpJob job : request.jobs()) {
            analysis.add(List.of(job));
            ran.add(job.job().jobId());
        }
        for (Module m : modules) {
            analysis.add(m.setUp(request.prefix()));
            ran.add(m.id());
        }
        // by default, a module's jobs start when the data shows it applies
        ModuleRecognizer recognizer = new ModuleRecognizer(candidates);
        // what each module's datafeeds find, to say which of them the data cannot satisfy
        Map<String, DatafeedCoverage> coverage = new LinkedHashMap<>();
        modules.forEach(m -> coverage.put(m.id(), new DatafeedCoverage(m)));
        candidates.forEach(m -> coverage.put(m.id(), new DatafeedCoverage(m)));
        Map<String, DatafeedCoverage> withOverlay = new LinkedHashMap<>(); // without the overlay: would it mend them?
        coverage.keySet().stream().filter(overlaid::containsKey)
                .forEach(id -> withOverlay.put(id, new DatafeedCoverage(overlaid.get(id))));
        AtomicLong bytes = new AtomicLong();
        AtomicLong events = new AtomicLong();
        ReadReport read;
        AuditStore.Ingest ingest;
        listener.started(AuditReader.sizeBytes(request.sources()), bytes::get, events::get);
        try (EventWriter writer = store.writer(sourceName())) {
            listener.phase("reading");
            read = reader.readMergedByTime(request.sources(), e -> {
                if (!recognizer.done()) {
                    recognizer.accept(new AuditEventView(e)).forEach(m -> analysis.add(m.setUp(request.prefix())));
                }
                writer.accept(e);
                analysis.accept(e);
                if (!coverage.isEmpty()) {
                    AuditEventView view = new AuditEventView(e);
                    coverage.values().forEach(c -> c.accept(view));
                    withOverlay.values().forEach(c -> c.accept(view));
                }
                events.incrementAndGet();
            }, bytes);
            listener.phase("storing");
            analysis.finishLive(); // while the writer stores the last events
            ingest = writer.finish(lossOf(read));
        } finally {
            listener.finished();
        }
        long t1 = System.nanoTime();
        recognizer.recognised().stream().map(Module::id).sorted().forEach(ran::add);
        int live = analysis.liveJobs();
        List<Result> results = analysis.hasJobs() ? analysis.finish() : List.of();
        long t2 = System.nanoTime();
        List<String> warnings = new ArrayList<>(analysis.warnings());
        List<Module> runModules = new ArrayList<>(modules);
        runModules.addAll(recognizer.recognised());
        for (Module m : runModules) {
            DatafeedCoverage c = coverage.get(m.id());
            CoverageFinding.of(m.id(), c, c, overlaid.get(m.id()), withOverlay.get(m.id())).stream()
                    .filter(CoverageFinding::warning).map(CoverageFinding::line).forEach(warnings::add);
        }
        return new AnalysisReport(read, new IngestSummary(store.file(), ingest.events(), ingest.newEvents(),
                store.eventCount()), ran, live, results, warnings, Duration.ofNanos(t1 - t0),
                Duration.ofNanos(t2 - t1));
    }

    /**
     * What the read reported lost, per host, for the data-health view (committed with the last events): each node's
     * serial gaps, and a file's malformed lines for its one node (a file of several nodes, or none, cannot say whose
     * they were: host ""). A file read again (same name and size) replaces what its earlier read reported.
     */
    private static IngestLoss lossOf(ReadReport read) {
        IngestLoss loss = new IngestLoss();
        for (ReadReport.Source source : read.sources().values()) {
            Map<String, ReadReport.Node> nodes = source.nodes();
            String owner = nodes.size() == 1 ? nodes.keySet().iterator().next() : "";
            Path path = Path.of(source.name()).getFileName();
            String file = path == null ? source.name() : path.toString();
            if (source.malformed() > 0 && !nodes.containsKey(owner)) {
                loss.read(owner, file, source.bytes(), 0, source.malformed());
            }
            for (ReadReport.Node node : nodes.values()) {
                long malformed = node.name().equals(owner) ? source.malformed() : 0;
                if (node.serialGaps() > 0 || malformed > 0) {
                    loss.read(node.name(), file, source.bytes(), node.serialGaps(), malformed);
                }
            }
        }
        return loss;
    }

    private String sourceName() {
        return String.join(", ", request.sources().stream().map(Object::toString).toList());
    }
}

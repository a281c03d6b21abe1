package org.auditml.service;

import org.auditml.engine.module.Module;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to ingest and analyse: audit logs or directories of them ({@code -} is standard input), the modules to set up
 * (with a prefix on their job ids), jobs of one's own, and the time range to analyse. With neither modules nor jobs,
 * every built-in module the data matches is set up as it is recognised.
 *
 * @param defaultHost {@code host.name} for raw records without {@code node=}
 * @param start       analyse from this time on (null: from the beginning)
 * @param end         analyse up to this time, exclusive (null: to the end)
 * @param overlay     whether modules run with auditml's overlay (false: as Kibana ships them)
 */
public record AnalysisRequest(List<Path> sources, List<String> modules, List<Module.SetUpJob> jobs, String prefix,
                              Instant start, Instant end, String defaultHost, boolean overlay) {

    /** A request whose modules run with auditml's overlay. */
    public AnalysisRequest(List<Path> sources, List<String> modules, List<Module.SetUpJob> jobs, String prefix,
                           Instant start, Instant end, String defaultHost) {
        this(sources, modules, jobs, prefix, start, end, defaultHost, true);
    }

    public AnalysisRequest {
        sources = List.copyOf(sources);
        modules = List.copyOf(modules);
        jobs = List.copyOf(jobs);
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(defaultHost, "defaultHost");
        if (sources.isEmpty()) {
            throw new RequestException("no audit log to read: give files or directories ('-' for standard input)");
        }
        if (start != null && end != null && !start.isBefore(end)) {
            throw new RequestException("the start (" + start + ") must be before the end (" + end + ")");
        }
    }

    /** Whether the modules are the ones the data matches (none was named, no job was given). */
    public boolean recognisesModules() {
        return modules.isEmpty() && jobs.isEmpty();
    }

    long startMillis() {
        return start == null ? Long.MIN_VALUE + 1 : start.toEpochMilli();
    }

    long endMillis() {
        return end == null ? Long.MAX_VALUE : end.toEpochMilli();
    }
}

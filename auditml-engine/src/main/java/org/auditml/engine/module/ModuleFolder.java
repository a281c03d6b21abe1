package org.auditml.engine.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.datafeed.DatafeedParser;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.query.EventQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A module folder as Kibana writes it: {@code manifest.json} (id, title, description, the query that recognises the
 * data, its jobs and datafeeds by file) and {@code ml/*.json}. Jobs may be wrapped as {@code {"job": …}}; a job the
 * manifest gives no datafeed for takes {@code ml/datafeed_<job id>.json} when there is one. Kibana's saved objects
 * ({@code kibana}, {@code logoFile}) are not read. Nothing is changed: the overlay, if any, is applied afterwards.
 *
 * @param files the folder's files by path relative to it, as read, to be stored unchanged
 */
public record ModuleFolder(String id, JsonNode manifest, List<FolderJob> jobs, Map<String, String> files) {
    public static final String MANIFEST = "manifest.json";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_\\-]*");

    /** One job of the folder: its id, its file and JSON, and its datafeed's file and JSON (both null: every event). */
    public record FolderJob(String jobId, String jobFile, JsonNode job, String datafeedFile, JsonNode datafeed) {
    }

    /** A datafeed that compiles, or the reason it is refused. */
    public record DatafeedCheck(String jobId, String datafeedFile, String refusal) {
        public boolean compiles() {
            return refusal == null;
        }
    }

    public ModuleFolder {
        jobs = List.copyOf(jobs);
        files = Map.copyOf(files);
    }

    /** Reads a folder from disk: {@code manifest.json} and the {@code .json} files under {@code ml/}. */
    public static ModuleFolder read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModuleException(dir.toString(), null, "not a directory; give a module folder holding "
                    + MANIFEST + " and ml/");
        }
        Map<String, String> files = new TreeMap<>();
        try {
            if (Files.isRegularFile(dir.resolve(MANIFEST))) {
                files.put(MANIFEST, Files.readString(dir.resolve(MANIFEST), StandardCharsets.UTF_8));
            }
            if (Files.isDirectory(dir.resolve("ml"))) {
                try (Stream<Path> ml = Files.list(dir.resolve("ml"))) {
                    for (Path p : ml.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                        files.put("ml/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading module folder " + dir + " failed", e);
        }
        return read(files);
    }

    /** Reads a folder from its files (path relative to the folder → text). */
    public static ModuleFolder read(Map<String, String> files) {
        Function<String, String> file = files::get;
        JsonNode manifest = json(MANIFEST, file.apply(MANIFEST));
        if (!manifest.isObject()) {
            throw new ModuleException(MANIFEST, null, "must be a JSON object");
        }
        String id = manifest.path("id").asText(null);
        if (id == null || !ID.matcher(id).matches()) {
            throw new ModuleException(MANIFEST, "id", "must be a module id (lower-case letters, digits, _ and -); was "
                    + manifest.get("id"));
        }
        if (!manifest.has("query")) {
            throw new ModuleException(MANIFEST, "query", "must be set: the query that recognises the module's data");
        }
        Map<String, JsonNode> datafeedEntries = new LinkedHashMap<>();
        JsonNode datafeeds = manifest.path("datafeeds");
        for (int i = 0; i < datafeeds.size(); i++) {
            JsonNode d = datafeeds.get(i);
            datafeedEntries.put(required(d, "job_id", "datafeeds[" + i + "]"), d);
            required(d, "file", "datafeeds[" + i + "]");
        }
        JsonNode jobList = manifest.path("jobs");
        if (!jobList.isArray() || jobList.isEmpty()) {
            throw new ModuleException(MANIFEST, "jobs", "must list the module's jobs as [{\"id\": …, \"file\": …}]");
        }
        List<FolderJob> jobs = new ArrayList<>();
        for (int i = 0; i < jobList.size(); i++) {
            String at = "jobs[" + i + "]";
            String jobId = required(jobList.get(i), "id", at);
            String jobFile = "ml/" + required(jobList.get(i), "file", at);
            if (file.apply(jobFile) == null) {
                throw new ModuleException(MANIFEST, at + ".file", jobFile + " is not in the folder");
            }
            JsonNode job = json(jobFile, file.apply(jobFile));
            JsonNode wrappedDatafeed = null;
            if (job.has("job") && !job.has("analysis_config")) {
                wrappedDatafeed = job.get("datafeed");
                job = job.get("job");
            }
            String datafeedFile = null;
            JsonNode datafeed = null;
            if (datafeedEntries.containsKey(jobId)) {
                datafeedFile = "ml/" + datafeedEntries.get(jobId).path("file").asText();
                if (file.apply(datafeedFile) == null) {
                    throw new ModuleException(MANIFEST, "datafeeds[job_id=" + jobId + "].file", datafeedFile
                            + " is not in the folder");
                }
                datafeed = json(datafeedFile, file.apply(datafeedFile));
            } else if (file.apply("ml/datafeed_" + jobId + ".json") != null) {
                datafeedFile = "ml/datafeed_" + jobId + ".json";
                datafeed = json(datafeedFile, file.apply(datafeedFile));
            } else if (wrappedDatafeed != null) {
                datafeedFile = jobFile;
                datafeed = wrappedDatafeed;
            }
            if (!job.isObject()) {
                throw new ModuleException(jobFile, null, "must be a job as a JSON object (or {\"job\": {…}})");
            }
            if (datafeed != null && !datafeed.isObject()) {
                throw new ModuleException(datafeedFile, null, "must be a datafeed as a JSON object");
            }
            jobs.add(new FolderJob(jobId, jobFile, job, datafeedFile, datafeed));
        }
        for (String jobId : datafeedEntries.keySet()) {
            if (jobs.stream().noneMatch(j -> j.jobId().equals(jobId))) {
                throw new ModuleException(MANIFEST, "datafeeds[job_id=" + jobId + "]", "feeds no job of the module");
            }
        }
        return new ModuleFolder(id, manifest, jobs, files);
    }

    /**
     * Refuses the folder, naming the file and field, unless the manifest query, every job and every datafeed
     * compile.
     */
    public void validate() {
        try {
            EventQuery.of(manifest.get("query"), "query");
        } catch (ConfigException e) {
            throw new ModuleException(MANIFEST, e.field(), e.problems().get(0).reason());
        }
        for (FolderJob j : jobs) {
            try {
                JobParser.parse(ModuleJson.text(j.job()), j.jobId());
            } catch (ConfigException e) {
                throw new ModuleException(j.jobFile(), e.field(), e.problems().get(0).reason());
            }
        }
        for (DatafeedCheck c : datafeedChecks()) {
            if (!c.compiles()) {
                throw new ModuleException(c.datafeedFile(), null, c.refusal());
            }
        }
    }

    /** Each datafeed of the folder: compiled, or refused with the parser's reason. */
    public List<DatafeedCheck> datafeedChecks() {
        List<DatafeedCheck> checks = new ArrayList<>();
        for (FolderJob j : jobs) {
            if (j.datafeed() == null) {
                continue;
            }
            String refusal = null;
            try {
                DatafeedParser.parse(datafeedFor(j.datafeed(), j.jobId()), j.jobId());
            } catch (ConfigException e) {
                refusal = e.problems().stream().map(ConfigException.Problem::toString)
                        .reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
            }
            checks.add(new DatafeedCheck(j.jobId(), j.datafeedFile(), refusal));
        }
        return checks;
    }

    /** The datafeed's JSON for the job it is set up for: Kibana writes the job id in at set-up, so does auditml. */
    static String datafeedFor(JsonNode datafeed, String jobId) {
        ObjectNode copy = ((ObjectNode) datafeed).deepCopy();
        copy.put("job_id", jobId);
        copy.remove("datafeed_id");
        return ModuleJson.text(copy);
    }

    private static String required(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ModuleException(MANIFEST, at + "." + field, "must be a non-empty string");
        }
        return v.asText();
    }

    private static JsonNode json(String name, String text) {
        if (text == null) {
            throw new ModuleException(name, null, "missing from the folder");
        }
        try {
            return ModuleJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModuleException(name, null, "not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}

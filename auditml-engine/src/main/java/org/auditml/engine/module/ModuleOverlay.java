package org.auditml.engine.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes made over a module as its author ships it, named so that they can be listed and switched off: a JSON merge
 * patch for the manifest, one for every job and datafeed ({@code all_jobs}), and one per job, each with the reason.
 * <pre>{"overlay": "auditml", "module": "…", "notes": […],
 *  "manifest": {"why": …, "patch": {…}},
 *  "all_jobs": {"why": …, "job": {…}, "datafeed": {…}, "datafeed_why": …},
 *  "jobs": {"job id": {"why": …, "job": {…}, "datafeed": {…}}}}</pre>
 */
public record ModuleOverlay(String name, String moduleId, Patch manifest, Patch allJobs, Map<String, Patch> jobs,
                            List<String> notes) {


    /** A change and why it is made (the datafeed's may have a reason of its own); null patches change nothing. */
    public record Patch(String why, JsonNode job, JsonNode datafeed, String datafeedWhy) {
        /** The change as {@link Module.Change}s: one for the job, one for its datafeed. */
        List<Module.Change> changes(String target) {
            List<Module.Change> out = new ArrayList<>();
            if (job != null) {
                out.add(new Module.Change(target, JsonMergePatch.describe(job), why));
            }
            if (datafeed != null) {
                List<String> lines = JsonMergePatch.describe(datafeed).stream().map(l -> "datafeed." + l).toList();
                out.add(new Module.Change(target, lines, datafeedWhy == null ? why : datafeedWhy));
            }
            return out;
        }
    }

    public ModuleOverlay {
        jobs = Map.copyOf(jobs);
        notes = List.copyOf(notes);
    }

    /** Reads an overlay; {@code source} names it in errors. */
    public static ModuleOverlay parse(String json, String source) {
        JsonNode root;
        try {
            root = ModuleJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModuleException(source, null, "not valid JSON: " + e.getOriginalMessage());
        }
        Map<String, Patch> jobs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("jobs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            jobs.put(e.getKey(), patch(e.getValue(), source, "jobs." + e.getKey()));
        }
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(n -> notes.add(n.asText()));
        JsonNode manifest = root.path("manifest");
        return new ModuleOverlay(root.path("overlay").asText(), root.path("module").asText(),
                manifest.isMissingNode() ? null : new Patch(why(manifest, source, "manifest"), manifest.get("patch"),
                        null, null),
                root.has("all_jobs") ? patch(root.get("all_jobs"), source, "all_jobs") : null, jobs, notes);
    }

    /** The module with this overlay's changes; refused when the overlay names a job the module lacks. */
    public Module apply(ModuleFolder folder) {
        for (String jobId : jobs.keySet()) {
            if (folder.jobs().stream().noneMatch(j -> j.jobId().equals(jobId))) {
                throw new ModuleException("overlay " + name, "jobs." + jobId, "module " + folder.id()
                        + " has no such job");
            }
        }
        List<Module.Change> changes = new ArrayList<>();
        JsonNode manifestJson = folder.manifest();
        if (manifest != null && manifest.job() != null) {
            manifestJson = JsonMergePatch.apply(manifestJson, manifest.job());
            changes.add(new Module.Change(ModuleFolder.MANIFEST, JsonMergePatch.describe(manifest.job()),
                    manifest.why()));
        }
        if (allJobs != null) {
            changes.addAll(allJobs.changes("every job"));
        }
        List<Module.Definition> definitions = new ArrayList<>();
        for (ModuleFolder.FolderJob j : folder.jobs()) {
            JsonNode job = j.job();
            JsonNode datafeed = j.datafeed();
            for (Patch p : new Patch[]{allJobs, jobs.get(j.jobId())}) {
                if (p == null) {
                    continue;
                }
                job = JsonMergePatch.apply(job, p.job());
                if (p.datafeed() != null) {
                    datafeed = JsonMergePatch.apply(datafeed == null ? ModuleJson.MAPPER.createObjectNode() : datafeed,
                            p.datafeed());
                }
            }
            if (jobs.containsKey(j.jobId())) {
                changes.addAll(jobs.get(j.jobId()).changes(j.jobId()));
            }
            definitions.add(Module.definition(j.jobId(), job, datafeed));
        }
        return Module.of(folder.id(), manifestJson, definitions, notes, name, changes);
    }

    private static Patch patch(JsonNode node, String source, String at) {
        return new Patch(why(node, source, at), node.get("job"), node.get("datafeed"),
                node.path("datafeed_why").asText(null));
    }

    private static String why(JsonNode node, String source, String at) {
        String why = node.path("why").asText(null);
        if (why == null || why.isBlank()) {
            throw new ModuleException(source, at + ".why", "every change says why it is made");
        }
        return why;
    }
}

package org.auditml.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.module.Module;
import org.auditml.engine.query.EventQuery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The modules shipped inside auditml ({@code org/auditml/audit/module/<id>/}, listed in {@code modules.txt}): Kibana's
 * ready-made jobs for Auditbeat data, each with its manifest query, jobs and datafeeds.
 */
public final class AuditModules {
    private static final String ROOT = "/org/auditml/audit/module/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditModules() {
    }

    /** Every built-in module, sorted by id. */
    public static List<Module> builtIn() {
        List<Module> modules = new ArrayList<>();
        for (String id : text(ROOT + "modules.txt").split("\\s+")) {
            if (!id.isBlank()) {
                modules.add(load(id.trim()));
            }
        }
        modules.sort(java.util.Comparator.comparing(Module::id));
        return List.copyOf(modules);
    }

    /** The built-in module with this id. */
    public static Optional<Module> byId(String id) {
        return builtIn().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private static Module load(String id) {
        try {
            JsonNode manifest = JSON.readTree(text(ROOT + id + "/manifest.json"));
            List<Module.Definition> jobs = new ArrayList<>();
            for (JsonNode job : manifest.path("jobs")) {
                String jobId = job.path("id").asText();
                String datafeed = null;
                for (JsonNode df : manifest.path("datafeeds")) {
                    if (df.path("job_id").asText().equals(jobId)) {
                        datafeed = text(ROOT + id + "/ml/" + df.path("file").asText());
                    }
                }
                jobs.add(new Module.Definition(jobId, text(ROOT + id + "/ml/" + job.path("file").asText()), datafeed));
            }
            List<String> notes = new ArrayList<>();
            manifest.path("auditml_notes").forEach(n -> notes.add(n.asText()));
            return new Module(id, manifest.path("title").asText(), manifest.path("description").asText(),
                    EventQuery.of(manifest.get("query"), id + "/manifest.json query"), jobs, notes);
        } catch (IOException e) {
            throw new UncheckedIOException("module " + id + " cannot be read", e);
        }
    }

    private static String text(String resource) {
        try (InputStream in = AuditModules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.auditml.engine.module;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.engine.EventView;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.query.EventQuery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a module's queries find in a stream of events: for its manifest query and each datafeed, how many events
 * match, and for each clause an event must satisfy (the query's {@code filter} and {@code must} parts), how many
 * satisfy it and whether its fields occur at all. A query that matches nothing can thus say which clause the data
 * cannot satisfy, and a datafeed that matches nothing though its job's fields occur says so.
 */
public final class DatafeedCoverage {
    /** What one query found: its matches and each required clause's. */
    public static final class QueryCoverage {
        private final String jobId;
        private final EventQuery query;
        private final List<Clause> clauses = new ArrayList<>();
        private final List<String> jobFields;
        private long matched;
        private long withJobFields;

        QueryCoverage(String jobId, EventQuery query, JsonNode queryJson, List<String> jobFields) {
            this.jobId = jobId;
            this.query = query;
            this.jobFields = jobFields;
            requiredClauses(queryJson, "query", clauses);
        }

        void accept(EventView event) {
            if (matched > 0 && (withJobFields > 0 || jobFields.isEmpty())) {
                return; // nothing more to learn: counts below stop at what the findings need
            }
            if (query != null && query.matches(event)) {
                matched++;
            }
            for (String f : jobFields) {
                if (event.has(f)) {
                    withJobFields++;
                    break;
                }
            }
            if (matched == 0) { // once the query matches, its clauses have nothing to explain
                clauses.forEach(c -> c.accept(event));
            }
        }

        /**
         * Whether the data cannot satisfy this query: nothing matched and a required clause names only fields no
         * event has (or does not compile). A value merely not seen (no access to the metadata service) is not that.
         */
        public boolean cannotBeSatisfied() {
            return matched == 0 && clauses.stream().anyMatch(Clause::unsatisfiable);
        }

        /** The required clauses the data cannot satisfy, said for people. */
        public List<String> unsatisfiable() {
            List<String> out = new ArrayList<>();
            for (Clause c : clauses) {
                if (c.unsatisfiable()) {
                    out.add(c.describe());
                }
            }
            return out;
        }

        /** The job's id, or null for the manifest query. */
        public String jobId() {
            return jobId;
        }

        /** Events the query matched (counting stops once it has matched and the job's fields have occurred). */
        public long matched() {
            return matched;
        }

        /** Events carrying one of the job's analysed fields (by, over, partition, field_name). */
        public long withJobFields() {
            return withJobFields;
        }
    }

    private static final class Clause {
        final String path;
        final EventQuery query;
        final String refusal;
        final Set<String> fields = new LinkedHashSet<>();
        long matched;
        boolean fieldSeen;

        Clause(String path, JsonNode json) {
            this.path = path;
            EventQuery q = null;
            String why = null;
            try {
                q = EventQuery.of(json, path);
            } catch (ConfigException e) {
                why = e.getMessage();
            }
            this.query = q;
            this.refusal = why;
            fieldsOf(json, fields);
        }

        void accept(EventView event) {
            if (matched == 0 && query != null && query.matches(event)) {
                matched++;
            }
            if (!fieldSeen) {
                for (String f : fields) {
                    if (event.has(f)) {
                        fieldSeen = true;
                        break;
                    }
                }
            }
        }

        /** No event satisfies it, and none could: it names only fields no event has, or does not compile. */
        boolean unsatisfiable() {
            return matched == 0 && (refusal != null || !fields.isEmpty() && !fieldSeen);
        }

        String describe() {
            if (refusal != null) {
                return path + " is refused (" + refusal + ")";
            }
            String names = String.join(", ", fields);
            return path + " on " + (names.isEmpty() ? "(no field)" : names) + (fields.isEmpty() ? ""
                    : fieldSeen ? ": no event has a value it accepts" : ": no event has " + (fields.size() == 1
                    ? "this field" : "any of these fields"));
        }
    }

    private static final Set<String> LEAF_QUERIES = Set.of("term", "terms", "match", "match_phrase",
            "match_phrase_prefix", "match_bool_prefix", "prefix", "wildcard", "regexp", "range", "fuzzy");

    private final QueryCoverage manifest;
    private final List<QueryCoverage> datafeeds = new ArrayList<>();
    private long events;

    public DatafeedCoverage(Module module) {
        this.manifest = new QueryCoverage(null, module.query(), module.queryJson(), List.of());
        for (Module.Definition d : module.jobs()) {
            if (d.datafeedJson() == null) {
                continue;
            }
            JsonNode datafeed = ModuleJson.read(d.datafeedJson());
            EventQuery query;
            try {
                query = EventQuery.of(datafeed.get("query"), "query");
            } catch (ConfigException e) {
                query = null;
            }
            datafeeds.add(new QueryCoverage(d.jobId(), query, datafeed.get("query"), jobFields(d)));
        }
    }

    public void accept(EventView event) {
        events++;
        manifest.accept(event);
        datafeeds.forEach(d -> d.accept(event));
    }

    public long events() {
        return events;
    }

    public QueryCoverage manifest() {
        return manifest;
    }

    public List<QueryCoverage> datafeeds() {
        return List.copyOf(datafeeds);
    }

    /** The datafeed of this job, if it has one. */
    public QueryCoverage datafeed(String jobId) {
        return datafeeds.stream().filter(d -> d.jobId().equals(jobId)).findFirst().orElse(null);
    }

    private static List<String> jobFields(Module.Definition d) {
        try {
            Job job = JobParser.parse(d.jobJson(), d.jobId());
            Set<String> fields = new LinkedHashSet<>();
            for (Detector det : job.analysisConfig().detectors()) {
                fields.addAll(det.splitFields());
                if (det.fieldName() != null) {
                    fields.add(det.fieldName());
                }
            }
            return List.copyOf(fields);
        } catch (ConfigException e) {
            return List.of();
        }
    }

    /** The clauses an event must satisfy: a bool's filter and must parts (each on its own), else the whole query. */
    private static void requiredClauses(JsonNode query, String path, List<Clause> out) {
        if (query == null || query.isNull()) {
            return;
        }
        JsonNode bool = query.get("bool");
        if (bool == null) {
            out.add(new Clause(path, query));
            return;
        }
        for (String part : new String[]{"filter", "must"}) {
            JsonNode clauses = bool.get(part);
            if (clauses == null) {
                continue;
            }
            if (clauses.isArray()) {
                for (int i = 0; i < clauses.size(); i++) {
                    out.add(new Clause(path + ".bool." + part + "[" + i + "]", clauses.get(i)));
                }
            } else {
                out.add(new Clause(path + ".bool." + part, clauses));
            }
        }
        JsonNode should = bool.get("should");
        boolean shouldRequired = should != null && !bool.has("filter") && !bool.has("must")
                || bool.path("minimum_should_match").asInt(0) > 0;
        if (shouldRequired) {
            com.fasterxml.jackson.databind.node.ObjectNode alone = ModuleJson.MAPPER.createObjectNode();
            alone.putObject("bool").put("minimum_should_match", 1).set("should", should);
            out.add(new Clause(path + ".bool.should", alone));
        }
    }

    /** The fields a query's leaf clauses name. */
    private static void fieldsOf(JsonNode node, Set<String> out) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> fieldsOf(n, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (LEAF_QUERIES.contains(e.getKey()) && e.getValue().isObject()) {
                e.getValue().fieldNames().forEachRemaining(f -> {
                    if (!f.equals("boost") && !f.equals("_name")) {
                        out.add(f);
                    }
                });
            } else if (e.getKey().equals("exists")) {
                out.add(e.getValue().path("field").asText());
            } else {
                fieldsOf(e.getValue(), out);
            }
        }
    }
}

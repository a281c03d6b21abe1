package org.auditml.engine.datafeed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.job.TimeValue;
import org.auditml.engine.query.EventQuery;
import org.auditml.engine.query.FieldMappings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.auditml.engine.datafeed.DatafeedFields.AGGREGATIONS;
import static org.auditml.engine.datafeed.DatafeedFields.AGGS;
import static org.auditml.engine.datafeed.DatafeedFields.CHUNKING_CONFIG;
import static org.auditml.engine.datafeed.DatafeedFields.DATAFEEDS;
import static org.auditml.engine.datafeed.DatafeedFields.DATAFEED_ID;
import static org.auditml.engine.datafeed.DatafeedFields.DELAYED_DATA_CHECK_CONFIG;
import static org.auditml.engine.datafeed.DatafeedFields.FREQUENCY;
import static org.auditml.engine.datafeed.DatafeedFields.INDEXES;
import static org.auditml.engine.datafeed.DatafeedFields.INDICES;
import static org.auditml.engine.datafeed.DatafeedFields.INDICES_OPTIONS;
import static org.auditml.engine.datafeed.DatafeedFields.JOB_ID;
import static org.auditml.engine.datafeed.DatafeedFields.MAX_EMPTY_SEARCHES;
import static org.auditml.engine.datafeed.DatafeedFields.QUERY;
import static org.auditml.engine.datafeed.DatafeedFields.QUERY_DELAY;
import static org.auditml.engine.datafeed.DatafeedFields.RUNTIME_MAPPINGS;
import static org.auditml.engine.datafeed.DatafeedFields.SCRIPT_FIELDS;
import static org.auditml.engine.datafeed.DatafeedFields.SCROLL_SIZE;

/**
 * Reads a datafeed from Elastic's JSON, strictly: an unknown field is refused with the name it probably meant
 * ({@code qeury}: did you mean 'query'?), and what auditml cannot honour (aggregations, script fields, runtime
 * mappings) is refused rather than ignored, since ignoring it would feed the job other events than the user meant.
 * Every problem is collected and thrown together as a {@link ConfigException}.
 */
public final class DatafeedParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of(DATAFEED_ID, JOB_ID, INDICES, INDEXES, QUERY, QUERY_DELAY,
            FREQUENCY, SCROLL_SIZE, CHUNKING_CONFIG, DELAYED_DATA_CHECK_CONFIG, MAX_EMPTY_SEARCHES, INDICES_OPTIONS,
            AGGREGATIONS, AGGS, SCRIPT_FIELDS, RUNTIME_MAPPINGS);
    /** Placeholders Kibana's module files hold until a module is set up. */
    private static final Set<String> PLACEHOLDERS = Set.of("JOB_ID", "INDEX_PATTERN_NAME");

    private final List<ConfigException.Problem> problems = new ArrayList<>();
    private final FieldMappings mappings;

    private DatafeedParser(FieldMappings mappings) {
        this.mappings = mappings;
    }

    /**
     * Parses datafeed JSON for {@code jobId}: the job it feeds is the caller's (a module's prefixed job, the job given
     * beside it); a different {@code job_id} in the body is refused, a module file's placeholder is not.
     */
    public static Datafeed parse(String json, String jobId) {
        return parse(readJson(json), jobId);
    }

    /**
     * Parses one datafeed given as JSON (a job's {@code datafeed_config}, a module's datafeed file, a PUT body, or a
     * {@code {"datafeeds": [...]}} answer holding exactly one); {@code jobId} as for {@link #parse(String, String)}.
     */
    public static Datafeed parse(JsonNode root, String jobId) {
        return parse(root, jobId, FieldMappings.ecs());
    }

    /** As {@link #parse(JsonNode, String)}, the query read over {@code mappings} (ECS's and a beat's own fields). */
    public static Datafeed parse(JsonNode root, String jobId, FieldMappings mappings) {
        List<Datafeed> all = parseAll(root, jobId, mappings);
        if (all.size() != 1) {
            throw new ConfigException("datafeed", List.of(new ConfigException.Problem(DATAFEEDS, "holds "
                    + all.size() + " datafeeds where one is expected: give them one by one, or read them with "
                    + "parseAll")));
        }
        return all.get(0);
    }

    /** Every datafeed of Elastic's GET answer {@code {"datafeeds": [...]}}, or the one datafeed given alone. */
    public static List<Datafeed> parseAll(String json, String jobId) {
        return parseAll(readJson(json), jobId);
    }

    /** As {@link #parseAll(String, String)}, for parsed JSON. */
    public static List<Datafeed> parseAll(JsonNode root, String jobId) {
        return parseAll(root, jobId, FieldMappings.ecs());
    }

    /** As {@link #parseAll(JsonNode, String)}, the queries read over {@code mappings}. */
    public static List<Datafeed> parseAll(JsonNode root, String jobId, FieldMappings mappings) {
        if (root != null && root.isObject() && root.has(DATAFEEDS) && !root.has(QUERY) && !root.has(JOB_ID)) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals(DATAFEEDS) && !name.equals("count")) {
                    throw new ConfigException("datafeed", List.of(new ConfigException.Problem(name,
                            "unknown field beside 'datafeeds' (Elastic's answer holds 'count' and 'datafeeds')")));
                }
            }
            JsonNode list = root.get(DATAFEEDS);
            if (!list.isArray()) {
                throw new ConfigException("datafeed", List.of(new ConfigException.Problem(DATAFEEDS,
                        "must be a list of datafeeds")));
            }
            List<Datafeed> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                try {
                    out.add(new DatafeedParser(mappings).datafeed(list.get(i), jobId));
                } catch (ConfigException e) {
                    String at = DATAFEEDS + "[" + i + "].";
                    throw new ConfigException("datafeed", e.problems().stream().map(p -> new ConfigException.Problem(
                            at + p.field(), p.reason())).toList());
                }
            }
            return out;
        }
        return List.of(new DatafeedParser(mappings).datafeed(root, jobId));
    }

    private static JsonNode readJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("datafeed", List.of(new ConfigException.Problem("(body)", "not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr())));
        }
        return root;
    }

    private Datafeed datafeed(JsonNode root, String jobId) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("datafeed", List.of(new ConfigException.Problem("(body)",
                    "a datafeed must be a JSON object")));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name) && !DatafeedFields.READ_ONLY.contains(name)) {
                problem(name, "unknown field" + JobParser.didYouMean(name, KNOWN));
            }
        }
        for (String unsupported : List.of(AGGREGATIONS, AGGS, SCRIPT_FIELDS, RUNTIME_MAPPINGS)) {
            if (root.has(unsupported) && !isEmpty(root.get(unsupported))) {
                problem(unsupported, "not supported by auditml: " + (unsupported.startsWith("agg")
                        ? "jobs analyse each event, not pre-aggregated buckets"
                        : "jobs read the events' own fields, not fields computed by scripts")
                        + "; remove it (filter events with " + QUERY + ")");
            }
        }
        checkShapes(root);
        String ownJob = text(root, JOB_ID);
        if (ownJob != null && jobId != null && !ownJob.equals(jobId) && !PLACEHOLDERS.contains(ownJob)) {
            problem(JOB_ID, "is '" + ownJob + "' but the datafeed is given for job '" + jobId + "'");
        }
        String job = jobId != null ? jobId : ownJob;
        if (job == null) {
            problem(JOB_ID, "must be set");
        }
        String id = text(root, DATAFEED_ID);
        List<String> indices = new ArrayList<>(textList(root, root.has(INDICES) ? INDICES : INDEXES));
        indices.removeAll(PLACEHOLDERS);
        EventQuery query = null;
        JsonNode queryJson = root.get(QUERY);
        try {
            query = EventQuery.of(queryJson, QUERY, mappings);
        } catch (ConfigException e) {
            e.problems().forEach(problems::add);
        }
        Duration queryDelay = duration(root, QUERY_DELAY);
        Duration frequency = duration(root, FREQUENCY);
        Integer scrollSize = null;
        JsonNode scroll = root.get(SCROLL_SIZE);
        if (scroll != null && !scroll.isNull()) {
            if (scroll.isIntegralNumber() && scroll.canConvertToInt() && scroll.asInt() > 0) {
                scrollSize = scroll.asInt();
            } else {
                problem(SCROLL_SIZE, "must be a positive whole number; was " + scroll);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("datafeed", problems);
        }
        return new Datafeed(id != null && !PLACEHOLDERS.contains(id) ? id : Datafeed.defaultId(job), job, indices, queryJson == null || queryJson.isNull() ? null : queryJson,
                queryDelay, frequency, scrollSize, query);
    }

    private static boolean isEmpty(JsonNode v) {
        return v.isNull() || (v.isContainerNode() && v.isEmpty());
    }

    /** Fields auditml reads no further are still checked for the shape Elastic requires. */
    private void checkShapes(JsonNode root) {
        for (String objectField : List.of(CHUNKING_CONFIG, DELAYED_DATA_CHECK_CONFIG, INDICES_OPTIONS)) {
            JsonNode v = root.get(objectField);
            if (v != null && !v.isNull() && !v.isObject()) {
                problem(objectField, "must be an object; was " + v);
            }
        }
        JsonNode chunking = root.path(CHUNKING_CONFIG);
        if (chunking.isObject()) {
            for (Iterator<String> it = chunking.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("mode") && !name.equals("time_span")) {
                    problem(CHUNKING_CONFIG + "." + name, "unknown field (mode, time_span)");
                }
            }
            String mode = chunking.path("mode").asText("auto");
            if (!List.of("auto", "manual", "off").contains(mode)) {
                problem(CHUNKING_CONFIG + ".mode", "must be auto, manual or off; was '" + mode + "'");
            }
        }
        JsonNode delayed = root.path(DELAYED_DATA_CHECK_CONFIG);
        if (delayed.isObject()) {
            for (Iterator<String> it = delayed.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("enabled") && !name.equals("check_window")) {
                    problem(DELAYED_DATA_CHECK_CONFIG + "." + name, "unknown field (enabled, check_window)");
                }
            }
        }
        JsonNode empty = root.get(MAX_EMPTY_SEARCHES);
        if (empty != null && !empty.isNull() && !empty.isIntegralNumber()) {
            problem(MAX_EMPTY_SEARCHES, "must be a whole number; was " + empty);
        }
    }

    private String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problem(name, "must be a string; was " + v);
            return null;
        }
        return v.asText();
    }

    private List<String> textList(JsonNode node, String name) {
        List<String> out = new ArrayList<>();
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText()); // Elastic takes one index as a string too
            return out;
        }
        if (!v.isArray()) {
            problem(name, "must be a list of strings");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isTextual()) {
                out.add(v.get(i).asText());
            } else {
                problem(name + "[" + i + "]", "must be a string; was " + v.get(i));
            }
        }
        return out;
    }

    private Duration duration(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return TimeValue.parseDuration(v.asText());
        } catch (IllegalArgumentException e) {
            problem(name, e.getMessage());
            return null;
        }
    }

    private void problem(String field, String reason) {
        problems.add(new ConfigException.Problem(field, reason));
    }

    static String toJson(Datafeed datafeed) {
        try {
            return JSON.writeValueAsString(datafeed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a datafeed must always serialise", e);
        }
    }
}

package org.auditml.engine.datafeed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.job.TimeValue;
import org.auditml.engine.query.EventQuery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.auditml.engine.datafeed.DatafeedFields.AGGREGATIONS;
import static org.auditml.engine.datafeed.DatafeedFields.AGGS;
import static org.auditml.engine.datafeed.DatafeedFields.CHUNKING_CONFIG;
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

    private DatafeedParser() {
    }

    /**
     * Parses datafeed JSON for {@code jobId}: the job it feeds is the caller's (a module's prefixed job, the job given
     * beside it); a different {@code job_id} in the body is refused, a module file's placeholder is not.
     */
    public static Datafeed parse(String json, String jobId) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("datafeed", List.of(new ConfigException.Problem("(body)", "not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr())));
        }
        return new DatafeedParser().datafeed(root, jobId);
    }

    private Datafeed datafeed(JsonNode root, String jobId) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("datafeed", List.of(new ConfigException.Problem("(body)",
                    "a datafeed must be a JSON object")));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                problem(name, "unknown field" + JobParser.didYouMean(name, KNOWN));
            }
        }
        for (String unsupported : List.of(AGGREGATIONS, AGGS, SCRIPT_FIELDS, RUNTIME_MAPPINGS)) {
            if (root.has(unsupported)) {
                problem(unsupported, "not supported by auditml: jobs read the events' own fields; filter with "
                        + QUERY);
            }
        }
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
            query = EventQuery.of(queryJson, QUERY);
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

package org.auditml.engine.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.datafeed.Datafeed;
import org.auditml.engine.datafeed.DatafeedParser;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.JobParser;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A file of jobs as Elastic users have them: a job as {@code PUT _ml/anomaly_detectors} takes it or as
 * {@code GET} returns it (its read-only fields ignored with a note), a module file's {@code {"job": …}} wrapper with
 * an optional {@code "datafeed"}, or Kibana's export of several jobs, an array of such wrappers (one job exported
 * alone is the wrapper itself), or the body of {@code GET _ml/anomaly_detectors} ({@code {"count": …, "jobs": […]}}).
 * A job's datafeed is the wrapper's {@code datafeed} or the job's own
 * {@code datafeed_config}; with neither, the caller decides (a datafeed file beside it, or every event).
 */
public final class JobDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "job";
    private static final String DATAFEED = "datafeed";
    private static final String JOBS = "jobs";
    private static final String DATAFEED_ID = "datafeed_id";
    private static final Set<String> WRAPPER = Set.of(JOB, DATAFEED);
    /** What Elastic sets itself on a datafeed it returns (who made it): not part of what a datafeed selects. */
    private static final String AUTHORIZATION = "authorization";

    private JobDocument() {
    }

    /**
     * One job of a file.
     *
     * @param datafeed the datafeed the file gives the job; null when it gives none
     * @param notes    what the reader should hear (fields ignored), each naming the job
     */
    public record Loaded(org.auditml.engine.job.Job job, Datafeed datafeed, List<String> notes) {
        public Loaded {
            notes = List.copyOf(notes);
        }

        /**
         * The job with its datafeed: the file's, or {@code givenDatafeedJson} when the file gave none (null: every
         * event). A datafeed given for a job whose file has one is refused: which one was meant cannot be known.
         */
        public Module.SetUpJob setUp(String givenDatafeedJson) {
            if (datafeed != null && givenDatafeedJson != null) {
                throw new IllegalArgumentException("job [" + job.jobId() + "] has a datafeed in its file and another "
                        + "was given for it; keep one of them");
            }
            Datafeed d = datafeed != null ? datafeed : givenDatafeedJson == null ? Datafeed.matchAll(job.jobId())
                    : DatafeedParser.parse(givenDatafeedJson, job.jobId());
            return new Module.SetUpJob(job, d);
        }
    }

    /**
     * The jobs of a file; {@code fallbackId} (the file's name) names a lone job without a {@code job_id}. Every
     * problem of every job is refused at once, each with its place in the file.
     */
    public static List<Loaded> read(String json, String fallbackId) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(body)", "not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new ConfigException("(body)", "a job file holds a job object, {\"job\": …, \"datafeed\": …}, or an "
                    + "array of them (Kibana's export)");
        }
        List<Loaded> out = new ArrayList<>();
        List<ConfigException.Problem> problems = new ArrayList<>();
        if (root.isObject() && root.path(JOBS).isArray() && !root.has(JOB)) {
            // the body of GET _ml/anomaly_detectors: {"count": n, "jobs": [...]}
            root = root.get(JOBS);
        }
        if (root.isObject()) {
            one(root, "", fallbackId, out, problems);
        } else {
            if (root.isEmpty()) {
                problems.add(new ConfigException.Problem("[]", "the array holds no job"));
            }
            for (int i = 0; i < root.size(); i++) {
                if (!root.get(i).isNull()) { // Kibana writes null for a job it could not export
                    one(root.get(i), "[" + i + "].", root.size() == 1 ? fallbackId : null, out, problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<String> ids = new ArrayList<>();
        for (Loaded l : out) {
            if (ids.contains(l.job().jobId())) {
                throw new ConfigException(JOB + "." + org.auditml.engine.job.JobFields.JOB_ID, "job ["
                        + l.job().jobId() + "] is in the file twice");
            }
            ids.add(l.job().jobId());
        }
        return out;
    }

    private static void one(JsonNode node, String at, String fallbackId, List<Loaded> out,
                            List<ConfigException.Problem> problems) {
        if (!node.isObject()) {
            problems.add(new ConfigException.Problem(at.isEmpty() ? "(body)" : at.substring(0, at.length() - 1),
                    "must be a job object or {\"job\": …, \"datafeed\": …}"));
            return;
        }
        boolean wrapped = node.path(JOB).isObject();
        JsonNode jobNode = wrapped ? node.get(JOB) : node;
        String jobAt = wrapped ? at + JOB + "." : at;
        if (wrapped) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!WRAPPER.contains(name)) {
                    problems.add(new ConfigException.Problem(at + name, "unknown field beside the job"
                            + JobParser.didYouMean(name, WRAPPER)));
                }
            }
        }
        JobParser.Parsed parsed;
        try {
            parsed = JobParser.parseFile(jobNode, fallbackId);
        } catch (ConfigException e) {
            e.problems().forEach(p -> problems.add(new ConfigException.Problem(jobAt + p.field(), p.reason())));
            return;
        }
        String id = parsed.job().jobId();
        List<String> notes = new ArrayList<>();
        parsed.notes().forEach(n -> notes.add("job [" + id + "]: " + n));
        boolean beside = wrapped && node.hasNonNull(DATAFEED);
        JsonNode feed = beside ? node.get(DATAFEED) : parsed.datafeedConfig();
        String feedAt = beside ? at + DATAFEED + "." : jobAt + "datafeed_config.";
        if (beside && parsed.datafeedConfig() != null) {
            problems.add(new ConfigException.Problem(jobAt + "datafeed_config", "the job has a datafeed beside it "
                    + "too; keep one of them"));
            return;
        }
        Datafeed datafeed = null;
        if (feed != null) {
            if (feed.isObject() && feed.has(AUTHORIZATION)) {
                feed = feed.deepCopy();
                ((ObjectNode) feed).remove(AUTHORIZATION);
                notes.add("job [" + id + "]: ignored what Elastic sets itself on a datafeed: " + AUTHORIZATION);
            }
            if (!beside && feed.isObject() && !feed.has(DATAFEED_ID)) {
                // Elastic names a job's own datafeed_config after the job
                feed = ((ObjectNode) feed.deepCopy()).put(DATAFEED_ID, id);
            }
            try {
                datafeed = DatafeedParser.parse(feed.toString(), id);
            } catch (ConfigException e) {
                e.problems().forEach(p -> problems.add(new ConfigException.Problem(feedAt + p.field(), p.reason())));
                return;
            }
        }
        out.add(new Loaded(parsed.job(), datafeed, notes));
    }
}

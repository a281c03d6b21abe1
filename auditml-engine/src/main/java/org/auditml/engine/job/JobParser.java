package org.auditml.engine.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a job from Elastic's JSON, strictly: every problem is collected, each with its field's path and the
 * reason (an unknown field with the name it probably meant), and thrown together as a {@link ConfigException}.
 * Fields Elastic accepts that do not change the analysis (retention, results index...) are accepted and dropped.
 */
public final class JobParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_ID = Pattern.compile("[a-z0-9](?:[a-z0-9_\\-]{0,62}[a-z0-9])?");

    private static final Set<String> TOP = Set.of("job_id", "description", "groups", "analysis_config",
            "analysis_limits", "data_description", "model_plot_config", "custom_settings", "results_index_name",
            "allow_lazy_open", "renormalization_window_days", "results_retention_days",
            "model_snapshot_retention_days", "daily_model_snapshot_retention_after_days",
            "background_persist_interval", "job_type", "create_time", "datafeed_config");
    private static final Set<String> ANALYSIS = Set.of("bucket_span", "detectors", "influencers",
            "summary_count_field_name", "latency", "model_prune_window", "categorization_field_name",
            "multivariate_by_fields", "auditml_context");
    private static final Set<String> DETECTOR = Set.of("function", "field_name", "by_field_name", "over_field_name",
            "partition_field_name", "detector_description", "use_null", "exclude_frequent", "custom_rules",
            "detector_index", "auditml_model");
    private static final Set<String> AUDITML_MODEL = Set.of("type", "value_range", "rest_buckets");
    private static final Set<String> LIMITS = Set.of("model_memory_limit", "categorization_examples_limit");
    private static final Set<String> DATA = Set.of("time_field", "time_format", "format");
    private static final Set<String> PLOT = Set.of("enabled", "terms", "annotations_enabled");

    private final List<ConfigException.Problem> problems = new ArrayList<>();

    private JobParser() {
    }

    /** Parses job JSON; {@code jobId} (from the URL or file name) wins over a {@code job_id} in the body when given. */
    public static Job parse(String json, String jobId) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(body)", "not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        return new JobParser().job(root, jobId);
    }

    private Job job(JsonNode root, String idFromCaller) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("(body)", "a job must be a JSON object");
        }
        known(root, "", TOP);
        String id = idFromCaller != null ? idFromCaller : text(root, "job_id", "job_id");
        if (id == null) {
            problem("job_id", "must be set");
        } else if (!JOB_ID.matcher(id).matches()) {
            problem("job_id", "'" + id + "' must be 1-64 lower-case letters, digits, '-' or '_', starting and ending "
                    + "with a letter or digit");
        }
        String description = text(root, "description", "description");
        List<String> groups = textList(root.get("groups"), "groups");
        AnalysisConfig analysis = analysisConfig(root.get("analysis_config"));
        long memory = limits(root.get("analysis_limits"));
        Job.DataDescription data = dataDescription(root.get("data_description"));
        Job.ModelPlotConfig plot = modelPlot(root.get("model_plot_config"));
        Long renormalizationDays = null;
        JsonNode renormalization = root.get("renormalization_window_days");
        if (renormalization != null && !renormalization.isNull()) {
            if (renormalization.canConvertToLong() && renormalization.asLong() > 0) {
                renormalizationDays = renormalization.asLong();
            } else {
                problem("renormalization_window_days", "must be a positive whole number of days; was " + renormalization);
            }
        }
        JsonNode custom = root.get("custom_settings");
        if (custom != null && !custom.isObject()) {
            problem("custom_settings", "must be an object");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Job(id, description, groups, analysis, memory, data, plot, custom, renormalizationDays);
    }

    private AnalysisConfig analysisConfig(JsonNode node) {
        String at = "analysis_config";
        if (node == null) {
            problem(at, "must be set");
            return null;
        }
        if (!node.isObject()) {
            problem(at, "must be an object");
            return null;
        }
        known(node, at + ".", ANALYSIS);
        if (node.has("categorization_field_name")) {
            problem(at + ".categorization_field_name", "categorization is not supported by auditml");
        }
        Duration span = duration(node, "bucket_span", at + ".bucket_span", Duration.ofMinutes(5));
        if (span != null && span.compareTo(Duration.ofSeconds(1)) < 0) {
            problem(at + ".bucket_span", "must be at least 1s; was " + TimeValue.format(span));
        }
        Duration latency = duration(node, "latency", at + ".latency", Duration.ZERO);
        Duration pruneWindow = duration(node, "model_prune_window", at + ".model_prune_window", null);
        if (pruneWindow != null && span != null && (pruneWindow.isZero() || pruneWindow.toMillis() % span.toMillis() != 0)) {
            problem(at + ".model_prune_window", "must be a positive multiple of bucket_span (" + TimeValue.format(span)
                    + "); was " + TimeValue.format(pruneWindow));
        }
        if (node.path("multivariate_by_fields").asBoolean(false)) {
            problem(at + ".multivariate_by_fields", "multivariate analysis of by fields is not supported by auditml");
        }
        List<Detector> detectors = new ArrayList<>();
        JsonNode list = node.get("detectors");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problem(at + ".detectors", "must be a non-empty list of detectors");
        } else {
            for (int i = 0; i < list.size(); i++) {
                Detector d = detector(list.get(i), at + ".detectors[" + i + "]");
                if (d != null) {
                    detectors.add(d);
                }
            }
        }
        List<String> influencers = textList(node.get("influencers"), at + ".influencers").stream().map(String::intern).toList();
        String summaryCount = text(node, "summary_count_field_name", at + ".summary_count_field_name");
        if (summaryCount != null) {
            for (int i = 0; i < detectors.size(); i++) {
                if (detectors.get(i).function() == DetectorFunction.METRIC) {
                    problem(at + ".detectors[" + i + "].function", "'metric' cannot be used with summary_count_field_name");
                }
            }
        }
        Boolean context = null;
        if (node.has("auditml_context")) {
            if (node.get("auditml_context").isBoolean()) {
                context = node.get("auditml_context").asBoolean();
            } else {
                problem(at + ".auditml_context", "must be true or false");
            }
        }
        if (span == null || detectors.size() != (list == null || !list.isArray() ? 0 : list.size())) {
            return null;
        }
        return new AnalysisConfig(span, detectors, influencers, summaryCount, latency, context, pruneWindow);
    }

    private Detector detector(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            problem(at, "must be an object");
            return null;
        }
        known(node, at + ".", DETECTOR);
        if (node.has("custom_rules") && node.get("custom_rules").size() > 0) {
            problem(at + ".custom_rules", "custom rules are not supported by auditml; filter in the datafeed query");
        }
        String name = text(node, "function", at + ".function");
        DetectorFunction function = null;
        if (name == null) {
            problem(at + ".function", "must be set");
        } else {
            function = DetectorFunction.of(name).orElse(null);
            if (function == null) {
                problem(at + ".function", "unknown function '" + name + "'" + didYouMean(name, functionNames()));
            }
        }
        String field = fieldName(node, "field_name", at);
        String by = fieldName(node, "by_field_name", at);
        String over = fieldName(node, "over_field_name", at);
        String partition = fieldName(node, "partition_field_name", at);
        String description = text(node, "detector_description", at + ".detector_description");
        String excludeFrequent = text(node, "exclude_frequent", at + ".exclude_frequent");
        boolean useNull = bool(node, "use_null", at + ".use_null");
        if (function == null) {
            return null;
        }
        int before = problems.size();
        AuditmlModel model = auditmlModel(node.get("auditml_model"), at + ".auditml_model", function, over);
        List<ConfigException.Problem> own = Detector.problems(function, field, by, over, partition, excludeFrequent);
        own.forEach(p -> problem(at + "." + p.field(), p.reason()));
        return own.isEmpty() && problems.size() == before
                ? new Detector(function, field, by, over, partition, description, useNull, excludeFrequent, model)
                : null;
    }

    /** auditml's {@code auditml_model} on a detector: only on a metric function of single series. */
    private AuditmlModel auditmlModel(JsonNode node, String at, DetectorFunction function, String over) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problem(at, "must be an object like {\"type\": \"contextual\", \"value_range\": [0, 100]}");
            return null;
        }
        known(node, at + ".", AUDITML_MODEL);
        if (function.family() != DetectorFunction.Family.METRIC || function == DetectorFunction.METRIC) {
            problem(at, "only a metric function (mean, sum, min, max, median, varp and their high_/low_ forms) can "
                    + "use another model; '" + function.jsonName() + "' cannot");
        }
        if (over != null) {
            problem(at, "cannot be combined with over_field_name (population analysis)");
        }
        String type = text(node, "type", at + ".type");
        if (type == null) {
            problem(at + ".type", "must be set");
        } else if (!type.equals(AuditmlModel.CONTEXTUAL)) {
            problem(at + ".type", "must be '" + AuditmlModel.CONTEXTUAL + "'; was '" + type + "'");
        }
        JsonNode range = node.get("value_range");
        List<Double> valueRange = null;
        if (range == null || !range.isArray() || range.size() != 2 || !range.get(0).isNumber()
                || !range.get(1).isNumber()) {
            problem(at + ".value_range", "must be set to [min, max], two numbers");
        } else if (!Double.isFinite(range.get(0).asDouble()) || !Double.isFinite(range.get(1).asDouble())
                || range.get(0).asDouble() > range.get(1).asDouble()) {
            problem(at + ".value_range", "must be two finite numbers, min <= max; was " + range);
        } else {
            valueRange = List.of(range.get(0).asDouble(), range.get(1).asDouble());
        }
        int rest = AuditmlModel.DEFAULT_REST_BUCKETS;
        JsonNode r = node.get("rest_buckets");
        if (r != null && !r.isNull()) {
            if (!r.isIntegralNumber() || !r.canConvertToInt() || r.asInt() < 0
                    || r.asInt() > AuditmlModel.MAX_REST_BUCKETS) {
                problem(at + ".rest_buckets", "must be a whole number from 0 to " + AuditmlModel.MAX_REST_BUCKETS
                        + "; was " + r);
            } else {
                rest = r.asInt();
            }
        }
        return valueRange == null ? null : new AuditmlModel(type, valueRange, rest);
    }

    private long limits(JsonNode node) {
        if (node == null) {
            return Job.DEFAULT_MODEL_MEMORY_LIMIT;
        }
        known(node, "analysis_limits.", LIMITS);
        JsonNode v = node.get("model_memory_limit");
        if (v == null) {
            return Job.DEFAULT_MODEL_MEMORY_LIMIT;
        }
        try {
            long bytes = v.isNumber() ? v.asLong() << 20 : TimeValue.parseBytes(v.asText());
            if (bytes < 1L << 20) {
                problem("analysis_limits.model_memory_limit", "must be at least 1mb; was " + v.asText());
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            problem("analysis_limits.model_memory_limit", e.getMessage());
            return 0;
        }
    }

    private Job.DataDescription dataDescription(JsonNode node) {
        if (node == null) {
            return Job.DataDescription.DEFAULT;
        }
        known(node, "data_description.", DATA);
        String field = text(node, "time_field", "data_description.time_field");
        String format = text(node, "time_format", "data_description.time_format");
        if (format != null && !format.equals("epoch_ms") && !format.equals("epoch")) {
            try {
                java.time.format.DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                problem("data_description.time_format", "'" + format + "' is neither epoch, epoch_ms nor a date pattern");
            }
        }
        return new Job.DataDescription(field == null ? "@timestamp" : field, format == null ? "epoch_ms" : format);
    }

    private Job.ModelPlotConfig modelPlot(JsonNode node) {
        if (node == null) {
            return Job.ModelPlotConfig.DISABLED;
        }
        known(node, "model_plot_config.", PLOT);
        return new Job.ModelPlotConfig(bool(node, "enabled", "model_plot_config.enabled"),
                text(node, "terms", "model_plot_config.terms"));
    }

    private void known(JsonNode node, String prefix, Set<String> names) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name)) {
                problem(prefix + name, "unknown field" + didYouMean(name, names));
            }
        }
    }

    private String text(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problem(at, "must be a string; was " + v);
            return null;
        }
        return v.asText();
    }

    /**
     * A field name of a detector, interned: looked up in every event, whose own names are constants, a name that is
     * the same instance compares at once.
     */
    private String fieldName(JsonNode node, String name, String at) {
        String field = text(node, name, at + "." + name);
        return field == null ? null : field.intern();
    }

    private boolean bool(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            problem(at, "must be true or false; was " + v);
            return false;
        }
        return v.asBoolean();
    }

    private List<String> textList(JsonNode node, String at) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problem(at, "must be a list of strings");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                problem(at + "[" + i + "]", "must be a string; was " + node.get(i));
            } else {
                out.add(node.get(i).asText());
            }
        }
        return out;
    }

    private Duration duration(JsonNode node, String name, String at, Duration fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            return TimeValue.parseDuration(v.asText());
        } catch (IllegalArgumentException e) {
            problem(at, e.getMessage());
            return null;
        }
    }

    private void problem(String field, String reason) {
        problems.add(new ConfigException.Problem(field, reason));
    }

    private static List<String> functionNames() {
        List<String> names = new ArrayList<>();
        for (DetectorFunction f : DetectorFunction.values()) {
            names.add(f.jsonName());
        }
        return names;
    }

    /** ", did you mean 'x'?" for the closest name within two edits, or one that extends it, else nothing. */
    public static String didYouMean(String name, Iterable<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : candidates) {
            int d = c.startsWith(name) || name.startsWith(c) ? 1 : distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "" : ", did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The job as Elastic-shaped JSON. */
    public static String toJson(Job job) {
        try {
            return JSON.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job must always serialise", e);
        }
    }

}

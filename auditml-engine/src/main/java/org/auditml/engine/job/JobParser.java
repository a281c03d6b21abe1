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

import static org.auditml.engine.job.JobFields.*;

/**
 * Reads a job from Elastic's JSON, strictly: every problem is collected, each with its field's path and the
 * reason (an unknown field with the name it probably meant), and thrown together as a {@link ConfigException}.
 * Fields Elastic accepts that do not change the analysis (retention, results index...) are accepted and dropped;
 * the fields Elastic sets itself on a job it returns (an exported job's {@code create_time}, {@code job_version}...)
 * are ignored with a note ({@link #parseFile}).
 */
public final class JobParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_ID_FORM = Pattern.compile("[a-z0-9](?:[a-z0-9_\\-]{0,62}[a-z0-9])?");

    private static final Set<String> TOP = Set.of(JOB_ID, DESCRIPTION, GROUPS, ANALYSIS_CONFIG,
            ANALYSIS_LIMITS, DATA_DESCRIPTION, MODEL_PLOT_CONFIG, CUSTOM_SETTINGS, RESULTS_INDEX_NAME,
            ALLOW_LAZY_OPEN, RENORMALIZATION_WINDOW_DAYS, RESULTS_RETENTION_DAYS,
            MODEL_SNAPSHOT_RETENTION_DAYS, DAILY_MODEL_SNAPSHOT_RETENTION_AFTER_DAYS,
            BACKGROUND_PERSIST_INTERVAL, DATAFEED_CONFIG);
    /**
     * What Elastic sets itself and returns with a job ({@code GET _ml/anomaly_detectors}, {@code _stats}): an
     * exported job carries them; they are ignored with a note.
     */
    private static final Set<String> READ_ONLY = Set.of(JOB_TYPE, JOB_VERSION, CREATE_TIME, FINISHED_TIME,
            MODEL_SNAPSHOT_ID, MODEL_SNAPSHOT_MIN_VERSION, DELETING, BLOCKED, "established_model_memory",
            "data_counts", "model_size_stats", "forecasts_stats", "timing_stats", "state", "node", "open_time",
            "assignment_explanation");
    private static final Set<String> ANALYSIS = Set.of(BUCKET_SPAN, DETECTORS, INFLUENCERS,
            SUMMARY_COUNT_FIELD_NAME, LATENCY, MODEL_PRUNE_WINDOW, CATEGORIZATION_FIELD_NAME,
            CATEGORIZATION_FILTERS, CATEGORIZATION_ANALYZER, PER_PARTITION_CATEGORIZATION,
            MULTIVARIATE_BY_FIELDS, AUDITML_CONTEXT, AUDITML_SEVERITY);
    private static final Set<String> PER_PARTITION = Set.of(ENABLED, STOP_ON_WARN);
    private static final Set<String> DETECTOR = Set.of(FUNCTION, FIELD_NAME, BY_FIELD_NAME, OVER_FIELD_NAME,
            PARTITION_FIELD_NAME, DETECTOR_DESCRIPTION, USE_NULL, EXCLUDE_FREQUENT, CUSTOM_RULES,
            DETECTOR_INDEX, AUDITML_MODEL);
    private static final Set<String> AUDITML_MODEL_FIELDS = Set.of(TYPE, VALUE_RANGE, REST_BUCKETS);
    private static final Set<String> LIMITS = Set.of(MODEL_MEMORY_LIMIT, CATEGORIZATION_EXAMPLES_LIMIT);
    private static final Set<String> DATA = Set.of(TIME_FIELD, TIME_FORMAT, FORMAT, FIELD_DELIMITER,
            QUOTE_CHARACTER);
    private static final Set<String> PLOT = Set.of(ENABLED, TERMS, ANNOTATIONS_ENABLED);

    private final List<ConfigException.Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private JobParser() {
    }

    /**
     * A job read from JSON with what the reader should hear: the read-only fields of an exported job it ignored.
     *
     * @param datafeedConfig the job's own {@code datafeed_config}, as given (null when none)
     */
    public record Parsed(Job job, JsonNode datafeedConfig, List<String> notes) {
        public Parsed {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Parses a job's JSON object as a file holds it: its own {@code job_id} is kept, {@code fallbackId} (the file's
     * name) is taken only when it has none.
     */
    public static Parsed parseFile(JsonNode root, String fallbackId) {
        JobParser parser = new JobParser();
        String own = root != null && root.path(JOB_ID).isTextual() ? root.get(JOB_ID).asText() : null;
        Job job = parser.job(root, own != null ? own : fallbackId);
        return new Parsed(job, root.get(DATAFEED_CONFIG) == null || root.get(DATAFEED_CONFIG).isNull() ? null
                : root.get(DATAFEED_CONFIG), parser.notes);
    }

    /** Refuses a job whose rules name a filter not among {@code known}, naming the detector and the rule. */
    public static void checkFilters(Job job, java.util.Collection<String> known) {
        RuleParser.checkFilters(job, known);
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
        List<String> ignored = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (READ_ONLY.contains(name)) {
                ignored.add(name);
            }
        });
        if (!ignored.isEmpty()) {
            notes.add("ignored what Elastic sets itself on a job: " + String.join(", ", ignored));
        }
        knownOrIgnored(root, "", TOP, READ_ONLY);
        String id = idFromCaller != null ? idFromCaller : text(root, JOB_ID, JOB_ID);
        if (id == null) {
            problem(JOB_ID, "must be set");
        } else if (!JOB_ID_FORM.matcher(id).matches()) {
            problem(JOB_ID, "'" + id + "' must be 1-64 lower-case letters, digits, '-' or '_', starting and ending "
                    + "with a letter or digit");
        }
        String description = text(root, DESCRIPTION, DESCRIPTION);
        List<String> groups = textList(root.get(GROUPS), GROUPS);
        AnalysisConfig analysis = analysisConfig(root.get(ANALYSIS_CONFIG));
        long memory = limits(root.get(ANALYSIS_LIMITS));
        Job.DataDescription data = dataDescription(root.get(DATA_DESCRIPTION));
        Job.ModelPlotConfig plot = modelPlot(root.get(MODEL_PLOT_CONFIG));
        Long renormalizationDays = null;
        JsonNode renormalization = root.get(RENORMALIZATION_WINDOW_DAYS);
        if (renormalization != null && !renormalization.isNull()) {
            if (renormalization.canConvertToLong() && renormalization.asLong() > 0) {
                renormalizationDays = renormalization.asLong();
            } else {
                problem(RENORMALIZATION_WINDOW_DAYS, "must be a positive whole number of days; was " + renormalization);
            }
        }
        JsonNode custom = root.get(CUSTOM_SETTINGS);
        if (custom != null && !custom.isObject()) {
            problem(CUSTOM_SETTINGS, "must be an object");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Job(id, description, groups, analysis, memory, data, plot, custom, renormalizationDays);
    }

    private AnalysisConfig analysisConfig(JsonNode node) {
        String at = ANALYSIS_CONFIG;
        if (node == null) {
            problem(at, "must be set");
            return null;
        }
        if (!node.isObject()) {
            problem(at, "must be an object");
            return null;
        }
        known(node, at + ".", ANALYSIS);
        for (String categorization : List.of(CATEGORIZATION_FIELD_NAME, CATEGORIZATION_FILTERS,
                CATEGORIZATION_ANALYZER)) {
            if (node.has(categorization)) {
                problem(at + "." + categorization, "categorization is not supported by auditml");
            }
        }
        perPartitionCategorization(node.get(PER_PARTITION_CATEGORIZATION), at + "." + PER_PARTITION_CATEGORIZATION);
        Duration span = duration(node, BUCKET_SPAN, at + "." + BUCKET_SPAN, Duration.ofMinutes(5));
        if (span != null && span.compareTo(Duration.ofSeconds(1)) < 0) {
            problem(at + "." + BUCKET_SPAN, "must be at least 1s; was " + TimeValue.format(span));
        }
        Duration latency = duration(node, LATENCY, at + "." + LATENCY, Duration.ZERO);
        Duration pruneWindow = duration(node, MODEL_PRUNE_WINDOW, at + "." + MODEL_PRUNE_WINDOW, null);
        if (pruneWindow != null && span != null && (pruneWindow.isZero() || pruneWindow.toMillis() % span.toMillis() != 0)) {
            problem(at + "." + MODEL_PRUNE_WINDOW, "must be a positive multiple of bucket_span (" + TimeValue.format(span)
                    + "); was " + TimeValue.format(pruneWindow));
        }
        if (node.path(MULTIVARIATE_BY_FIELDS).asBoolean(false)) {
            problem(at + "." + MULTIVARIATE_BY_FIELDS, "multivariate analysis of by fields is not supported by auditml");
        }
        List<Detector> detectors = new ArrayList<>();
        JsonNode list = node.get(DETECTORS);
        if (list == null || !list.isArray() || list.isEmpty()) {
            problem(at + "." + DETECTORS, "must be a non-empty list of detectors");
        } else {
            for (int i = 0; i < list.size(); i++) {
                Detector d = detector(list.get(i), at + ".detectors[" + i + "]");
                if (d != null) {
                    detectors.add(d);
                }
            }
        }
        List<String> influencers = textList(node.get(INFLUENCERS), at + "." + INFLUENCERS).stream().map(String::intern).toList();
        String summaryCount = text(node, SUMMARY_COUNT_FIELD_NAME, at + "." + SUMMARY_COUNT_FIELD_NAME);
        if (summaryCount != null) {
            for (int i = 0; i < detectors.size(); i++) {
                if (detectors.get(i).function() == DetectorFunction.METRIC) {
                    problem(at + ".detectors[" + i + "].function", "'metric' cannot be used with summary_count_field_name");
                }
            }
        }
        Boolean context = null;
        if (node.has(AUDITML_CONTEXT)) {
            if (node.get(AUDITML_CONTEXT).isBoolean()) {
                context = node.get(AUDITML_CONTEXT).asBoolean();
            } else {
                problem(at + "." + AUDITML_CONTEXT, "must be true or false");
            }
        }
        if (span == null || detectors.size() != (list == null || !list.isArray() ? 0 : list.size())) {
            return null;
        }
        String severity = text(node, AUDITML_SEVERITY, at + "." + AUDITML_SEVERITY);
        if (severity != null && !severity.equals(AnalysisConfig.ANCHORED) && !severity.equals(AnalysisConfig.ELASTIC)) {
            problem(at + "." + AUDITML_SEVERITY, "must be '" + AnalysisConfig.ANCHORED + "' or '"
                    + AnalysisConfig.ELASTIC + "'; was '" + severity + "'");
            return null;
        }
        return new AnalysisConfig(span, detectors, influencers, summaryCount, latency, context, pruneWindow, severity);
    }

    private Detector detector(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            problem(at, "must be an object");
            return null;
        }
        known(node, at + ".", DETECTOR);
        String name = text(node, FUNCTION, at + "." + FUNCTION);
        DetectorFunction function = null;
        if (name == null) {
            problem(at + "." + FUNCTION, "must be set");
        } else {
            function = DetectorFunction.of(name).orElse(null);
            if (function == null) {
                problem(at + "." + FUNCTION, "unknown function '" + name + "'" + didYouMean(name, functionNames()));
            }
        }
        String field = fieldName(node, FIELD_NAME, at);
        String by = fieldName(node, BY_FIELD_NAME, at);
        String over = fieldName(node, OVER_FIELD_NAME, at);
        String partition = fieldName(node, PARTITION_FIELD_NAME, at);
        String description = text(node, DETECTOR_DESCRIPTION, at + "." + DETECTOR_DESCRIPTION);
        String excludeFrequent = text(node, EXCLUDE_FREQUENT, at + "." + EXCLUDE_FREQUENT);
        boolean useNull = bool(node, USE_NULL, at + "." + USE_NULL);
        if (function == null) {
            return null;
        }
        int before = problems.size();
        AuditmlModel model = auditmlModel(node.get(AUDITML_MODEL), at + "." + AUDITML_MODEL, function, over);
        List<org.auditml.engine.rule.DetectionRule> rules = RuleParser.rules(node.get(CUSTOM_RULES),
                at + "." + CUSTOM_RULES, function, by, over, partition, this::problem);
        if (model != null && rules.stream().anyMatch(r -> r.does(org.auditml.engine.rule.RuleAction.SKIP_MODEL_UPDATE))) {
            problem(at + "." + CUSTOM_RULES, "skip_model_update cannot be combined with auditml_model: the contextual "
                    + "model judges and learns a value at once");
        }
        List<ConfigException.Problem> own = Detector.problems(function, field, by, over, partition, excludeFrequent);
        own.forEach(p -> problem(at + "." + p.field(), p.reason()));
        return own.isEmpty() && problems.size() == before
                ? new Detector(function, field, by, over, partition, description, useNull, excludeFrequent, model,
                rules)
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
        known(node, at + ".", AUDITML_MODEL_FIELDS);
        if (function.family() != DetectorFunction.Family.METRIC || function == DetectorFunction.METRIC) {
            problem(at, "only a metric function (mean, sum, min, max, median, varp and their high_/low_ forms) can "
                    + "use another model; '" + function.jsonName() + "' cannot");
        }
        if (over != null) {
            problem(at, "cannot be combined with over_field_name (population analysis)");
        }
        String type = text(node, TYPE, at + "." + TYPE);
        if (type == null) {
            problem(at + "." + TYPE, "must be set");
        } else if (!type.equals(AuditmlModel.CONTEXTUAL)) {
            problem(at + "." + TYPE, "must be '" + AuditmlModel.CONTEXTUAL + "'; was '" + type + "'");
        }
        JsonNode range = node.get(VALUE_RANGE);
        List<Double> valueRange = null;
        if (range == null || !range.isArray() || range.size() != 2 || !range.get(0).isNumber()
                || !range.get(1).isNumber()) {
            problem(at + "." + VALUE_RANGE, "must be set to [min, max], two numbers");
        } else if (!Double.isFinite(range.get(0).asDouble()) || !Double.isFinite(range.get(1).asDouble())
                || range.get(0).asDouble() > range.get(1).asDouble()) {
            problem(at + "." + VALUE_RANGE, "must be two finite numbers, min <= max; was " + range);
        } else {
            valueRange = List.of(range.get(0).asDouble(), range.get(1).asDouble());
        }
        int rest = AuditmlModel.DEFAULT_REST_BUCKETS;
        JsonNode r = node.get(REST_BUCKETS);
        if (r != null && !r.isNull()) {
            if (!r.isIntegralNumber() || !r.canConvertToInt() || r.asInt() < 0
                    || r.asInt() > AuditmlModel.MAX_REST_BUCKETS) {
                problem(at + "." + REST_BUCKETS, "must be a whole number from 0 to " + AuditmlModel.MAX_REST_BUCKETS
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
        known(node, ANALYSIS_LIMITS + ".", LIMITS);
        JsonNode v = node.get(MODEL_MEMORY_LIMIT);
        if (v == null) {
            return Job.DEFAULT_MODEL_MEMORY_LIMIT;
        }
        try {
            long bytes = TimeValue.parseBytes(v.isNumber() ? v.asText() + "mb" : v.asText());
            if (bytes < 1L << 20) {
                problem(ANALYSIS_LIMITS + "." + MODEL_MEMORY_LIMIT, "must be at least 1mb; was " + v.asText());
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            problem(ANALYSIS_LIMITS + "." + MODEL_MEMORY_LIMIT, e.getMessage());
            return 0;
        }
    }

    private Job.DataDescription dataDescription(JsonNode node) {
        if (node == null) {
            return Job.DataDescription.DEFAULT;
        }
        known(node, DATA_DESCRIPTION + ".", DATA);
        String dataFormat = text(node, FORMAT, DATA_DESCRIPTION + "." + FORMAT);
        if (dataFormat != null && !List.of("xcontent", "delimited", "json").contains(dataFormat.toLowerCase(java.util.Locale.ROOT))) {
            problem(DATA_DESCRIPTION + "." + FORMAT, "must be xcontent or delimited; was '" + dataFormat + "'");
        }
        // how posted data is split: auditml reads audit logs, so these only have to be well formed
        for (String single : List.of(FIELD_DELIMITER, QUOTE_CHARACTER)) {
            String c = text(node, single, DATA_DESCRIPTION + "." + single);
            if (c != null && c.length() != 1) {
                problem(DATA_DESCRIPTION + "." + single, "must be a single character; was '" + c + "'");
            }
        }
        String field = text(node, TIME_FIELD, DATA_DESCRIPTION + "." + TIME_FIELD);
        String format = text(node, TIME_FORMAT, DATA_DESCRIPTION + "." + TIME_FORMAT);
        if (format != null && !format.equals("epoch_ms") && !format.equals("epoch")) {
            try {
                java.time.format.DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                problem(DATA_DESCRIPTION + "." + TIME_FORMAT, "'" + format + "' is neither epoch, epoch_ms nor a date pattern");
            }
        }
        return new Job.DataDescription(field == null ? "@timestamp" : field, format == null ? "epoch_ms" : format);
    }

    private Job.ModelPlotConfig modelPlot(JsonNode node) {
        if (node == null) {
            return Job.ModelPlotConfig.DISABLED;
        }
        known(node, MODEL_PLOT_CONFIG + ".", PLOT);
        return new Job.ModelPlotConfig(bool(node, ENABLED, MODEL_PLOT_CONFIG + "." + ENABLED),
                text(node, TERMS, MODEL_PLOT_CONFIG + "." + TERMS));
    }

    /** Elastic's {@code per_partition_categorization}: only its switched-off form, as categorization is refused. */
    private void perPartitionCategorization(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problem(at, "must be an object like {\"enabled\": false}");
            return;
        }
        known(node, at + ".", PER_PARTITION);
        bool(node, STOP_ON_WARN, at + "." + STOP_ON_WARN);
        if (bool(node, ENABLED, at + "." + ENABLED)) {
            problem(at + "." + ENABLED, "per-partition categorization needs categorization, which auditml does not support");
        }
    }

    private void known(JsonNode node, String prefix, Set<String> names) {
        knownOrIgnored(node, prefix, names, Set.of());
    }

    private void knownOrIgnored(JsonNode node, String prefix, Set<String> names, Set<String> ignored) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name) && !ignored.contains(name)) {
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

package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditml.engine.job.JobFields;
import org.auditml.engine.result.ResultFields;
import org.auditml.store.AuditStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results API ({@code _ml/anomaly_detectors/<id>/results/...}): buckets, records, influencers and overall
 * buckets from the store, filtered, sorted and paged with Elastic's parameters, in Elastic's response shapes.
 */
public final class MlResults {
    private final AuditStore store;
    private final MlJobs jobs;

    MlResults(AuditStore store, MlJobs jobs) {
        this.store = store;
        this.jobs = jobs;
    }

    /** {@code results/buckets}: one bucket when {@code timestamp} is given; with {@code expand}, their records. */
    public ObjectNode buckets(String jobId, Long timestamp, boolean expand, ResultPage page) {
        jobs.job(jobId);
        List<ObjectNode> buckets = select(jobId, ResultFields.TYPE_BUCKET, ResultFields.ANOMALY_SCORE, page);
        if (timestamp != null) {
            buckets.removeIf(b -> b.path(ResultFields.TIMESTAMP).asLong() != timestamp);
            if (buckets.isEmpty()) {
                throw RequestException.notFound("No known bucket with timestamp [" + timestamp + "] for job [" + jobId + "]");
            }
        }
        List<ObjectNode> shown = paged(buckets, page);
        if (expand) {
            for (ObjectNode b : shown) {
                long ts = b.path(ResultFields.TIMESTAMP).asLong();
                ArrayNode records = b.putArray("records");
                store.results(jobId, ResultFields.TYPE_RECORD, ts, ts + 1).forEach(r -> records.add(MlJobs.tree(r)));
            }
        }
        return response("buckets", buckets.size(), shown);
    }

    /** {@code results/records}. */
    public ObjectNode records(String jobId, ResultPage page) {
        jobs.job(jobId);
        List<ObjectNode> records = select(jobId, ResultFields.TYPE_RECORD, ResultFields.RECORD_SCORE, page);
        return response("records", records.size(), paged(records, page));
    }

    /** {@code results/influencers}. */
    public ObjectNode influencers(String jobId, ResultPage page) {
        jobs.job(jobId);
        List<ObjectNode> influencers = select(jobId, ResultFields.TYPE_INFLUENCER, ResultFields.INFLUENCER_SCORE, page);
        return response("influencers", influencers.size(), paged(influencers, page));
    }

    /**
     * A job's {@code model_plot} results over [start,end) for one detector, by time, keeping those whose partition, by
     * and over values are the ones given (null: any).
     */
    public ObjectNode modelPlots(String jobId, Long start, Long end, int detectorIndex, String partitionValue,
                                 String byValue, String overValue) {
        jobs.job(jobId);
        List<ObjectNode> plots = new ArrayList<>();
        for (String json : store.results(jobId, ResultFields.TYPE_MODEL_PLOT, start == null ? Long.MIN_VALUE : start,
                end == null ? Long.MAX_VALUE : end)) {
            ObjectNode doc = (ObjectNode) MlJobs.tree(json);
            if (doc.path(JobFields.DETECTOR_INDEX).asInt() == detectorIndex
                    && matches(doc, ResultFields.PARTITION_FIELD_VALUE, partitionValue)
                    && matches(doc, ResultFields.BY_FIELD_VALUE, byValue)
                    && matches(doc, ResultFields.OVER_FIELD_VALUE, overValue)) {
                plots.add(doc);
            }
        }
        plots.sort(Comparator.comparingLong(d -> d.path(ResultFields.TIMESTAMP).asLong()));
        return response("model_plot", plots.size(), plots);
    }

    private static boolean matches(ObjectNode doc, String field, String value) {
        return value == null || value.equals(doc.path(field).asText(null));
    }

    /**
     * {@code results/overall_buckets} over the jobs the expression names: per overall bucket (by default the largest
     * bucket span of the jobs), each job's highest bucket score in it, and the mean of the {@code topN} highest as
     * the overall score, as Elastic computes it.
     */
    public ObjectNode overallBuckets(String expression, boolean allowNoMatch, int topN, Long bucketSpanSeconds,
                                     double overallScore, boolean excludeInterim, Long start, Long end) {
        if (topN < 1) {
            throw new RequestException("[top_n] parameter must be positive, found [" + topN + "]");
        }
        List<String> ids = jobs.resolve(expression, allowNoMatch);
        long largest = ids.stream().mapToLong(id -> jobs.job(id).analysisConfig().bucketSpan().toSeconds()).max().orElse(0);
        long span = bucketSpanSeconds == null ? largest : bucketSpanSeconds;
        if (span < largest) {
            throw new RequestException("Param [bucket_span] must be greater or equal to the max bucket_span [" + largest
                    + "s]");
        }
        long spanMillis = span * 1000;
        Map<Long, Map<String, Double>> byBucket = new TreeMap<>();
        ResultPage all = new ResultPage(start, end, 0, excludeInterim, ResultFields.TIMESTAMP, false, 0, 0);
        for (String id : ids) {
            for (ObjectNode b : select(id, ResultFields.TYPE_BUCKET, ResultFields.ANOMALY_SCORE, all)) {
                long overall = Math.floorDiv(b.path(ResultFields.TIMESTAMP).asLong(), spanMillis) * spanMillis;
                byBucket.computeIfAbsent(overall, k -> new TreeMap<>())
                        .merge(id, b.path(ResultFields.ANOMALY_SCORE).asDouble(), Math::max);
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        byBucket.forEach((ts, scores) -> {
            double mean = scores.values().stream().sorted(Comparator.reverseOrder()).limit(topN)
                    .mapToDouble(Double::doubleValue).sum() / topN;
            if (mean < overallScore) {
                return;
            }
            ObjectNode o = MlJobs.JSON.createObjectNode().put(ResultFields.TIMESTAMP, ts).put(JobFields.BUCKET_SPAN, span)
                    .put("overall_score", mean);
            ArrayNode jobScores = o.putArray("jobs");
            scores.forEach((id, s) -> jobScores.addObject().put(JobFields.JOB_ID, id).put("max_anomaly_score", s));
            o.put("is_interim", false).put(ResultFields.RESULT_TYPE, "overall_bucket");
            out.add(o);
        });
        return response("overall_buckets", out.size(), out);
    }

    private List<ObjectNode> select(String jobId, String type, String scoreField, ResultPage page) {
        List<ObjectNode> docs = new ArrayList<>();
        long from = page.start() == null ? Long.MIN_VALUE : page.start();
        long to = page.end() == null ? Long.MAX_VALUE : page.end();
        for (String json : store.results(jobId, type, from, to)) {
            ObjectNode doc = (ObjectNode) MlJobs.tree(json);
            if (doc.path(scoreField).asDouble() < page.minScore()
                    || (page.excludeInterim() && doc.path(ResultFields.IS_INTERIM).asBoolean())) {
                continue;
            }
            docs.add(doc);
        }
        Comparator<ObjectNode> order = Comparator.comparing(d -> sortKey(d.get(page.sort())), MlResults::compareKeys);
        order = order.thenComparing(d -> d.path(ResultFields.TIMESTAMP).asLong());
        docs.sort(page.desc() ? order.reversed() : order);
        return docs;
    }

    private static Comparable<?> sortKey(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isNumber() ? (Comparable<?>) value.asDouble() : value.asText();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Comparable a, Comparable b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a.getClass() != b.getClass()) {
            return a.toString().compareTo(b.toString());
        }
        return a.compareTo(b);
    }

    private static List<ObjectNode> paged(List<ObjectNode> docs, ResultPage page) {
        int from = Math.min(page.from(), docs.size());
        return docs.subList(from, Math.min(docs.size(), from + page.size()));
    }

    private static ObjectNode response(String name, long count, List<ObjectNode> docs) {
        ObjectNode out = MlJobs.JSON.createObjectNode().put("count", count);
        ArrayNode array = out.putArray(name);
        docs.forEach(array::add);
        return out;
    }
}

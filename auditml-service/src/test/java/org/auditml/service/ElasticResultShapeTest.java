package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.audit.AuditModules;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.module.Module;
import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReaderOptions;
import org.auditml.store.AuditStore;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result documents a store holds after the demo fleet's fortnight, analysed in two runs of a week (so that the
 * second renormalises the first's), by jobs of every function family and the built-in modules, have Elastic's
 * shapes: each bucket with records has its {@code bucket_time} share and scores the largest of its bucket
 * influencers, the bucket influencers are nested whole and also stored as documents of their own, and the field
 * sets are those of Elastic's own examples (src/test/resources/elastic-results, with their origin).
 */
class ElasticResultShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WEEK = 7 * 86_400_000L;

    @TempDir
    static Path dir;
    private static List<JsonNode> docs;
    private static List<JsonNode> buckets;
    /** job and time → the bucket's records. */
    private static Map<String, List<JsonNode>> records;

    @BeforeAll
    static void analyseTheDemoFleetInTwoRuns() throws Exception {
        DemoFleet.Written w = DemoFleet.write(dir, 2026);
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("demo-host")).read(List.of(w.rawLog(), w.containerLog()), events::add);
        List<Module.SetUpJob> jobs = new ArrayList<>();
        for (String json : BehaviourGoldenTest.JOBS) {
            jobs.add(Module.SetUpJob.allEvents(JobParser.parse(json, JSON.readTree(json).path("job_id").asText())));
        }
        AuditModules.builtIn().forEach(m -> jobs.addAll(m.setUp("")));
        long split = DemoFleet.START + WEEK;
        docs = new ArrayList<>();
        try (AuditStore store = AuditStore.open(dir.resolve("shape.duckdb"))) {
            store.ingest("demo", events);
            new StoredAnalysis(store).run(jobs, Long.MIN_VALUE + 1, split);
            new StoredAnalysis(store).run(jobs, split, Long.MAX_VALUE);
            store.forEachResult(null, null, null, doc -> docs.add(read(doc)));
        }
        buckets = ofType("bucket");
        records = new HashMap<>();
        ofType("record").forEach(r -> records.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r));
    }

    @Test
    void everyBucketWithRecordsOrInfluencers_hasItsBucketTimeShare() {
        int withRecords = 0;
        for (JsonNode b : buckets) {
            boolean hasRecords = records.containsKey(key(b));
            if (hasRecords || !b.path("bucket_influencers").isEmpty()) {
                withRecords += hasRecords ? 1 : 0;
                assertThat(fieldNames(b)).as(b.path("id").asText()).contains("bucket_time");
            }
        }
        assertThat(withRecords).isGreaterThan(1000);
    }

    @Test
    void aBucketWithoutRecords_hasNoBucketInfluencersAndScoresZero() {
        List<JsonNode> quiet = buckets.stream().filter(b -> !records.containsKey(key(b))).toList();

        assertThat(quiet).hasSizeGreaterThan(1000).allSatisfy(b -> {
            assertThat(b.path("bucket_influencers")).isEmpty();
            assertThat(b.path("anomaly_score").asDouble()).isZero();
        });
    }

    @Test
    void aBucketScores_theLargestOfItsBucketInfluencers_firstAndAfterRenormalisation() {
        int renormalised = 0;
        for (JsonNode b : buckets) {
            assertThat(b.path("anomaly_score").asDouble()).as(b.path("id").asText())
                    .isEqualTo(max(b, "anomaly_score"));
            assertThat(b.path("initial_anomaly_score").asDouble()).as(b.path("id").asText())
                    .isEqualTo(max(b, "initial_anomaly_score"));
            renormalised += b.path("anomaly_score").asDouble() != b.path("initial_anomaly_score").asDouble() ? 1 : 0;
        }
        assertThat(renormalised).as("buckets whose score renormalisation changed").isGreaterThan(100);
    }

    @Test
    void standaloneBucketInfluencers_areTheNestedOnes() {
        List<String> nested = new ArrayList<>();
        buckets.forEach(b -> b.path("bucket_influencers").forEach(i -> nested.add(i.toString())));
        List<String> standalone = ofType("bucket_influencer").stream().map(JsonNode::toString).toList();

        assertThat(nested).hasSizeGreaterThan(2000);
        assertThat(standalone).containsExactlyInAnyOrderElementsOf(nested);
    }

    @Test
    void nestedBucketInfluencers_haveEveryFieldElasticWrites_andTheirBucketsJobTimeAndSpan() throws IOException {
        JsonNode example = example("get-buckets-example.json").path("buckets").get(0);
        Set<String> elastic = names(example.path("bucket_influencers").get(0));

        for (JsonNode b : buckets) {
            for (JsonNode i : b.path("bucket_influencers")) {
                assertThat(withoutLearning(i)).as(b.path("id").asText()).isEqualTo(elastic);
                assertThat(i.path("result_type").asText()).isEqualTo("bucket_influencer");
                for (String common : List.of("job_id", "timestamp", "bucket_span", "is_interim")) {
                    assertThat(i.path(common)).as(common).isEqualTo(b.path(common));
                }
            }
        }
    }

    @Test
    void bucketsAndInfluencers_haveElasticsFields_bucketsAddingOnlyTheirId_influencersTheirLearningMark() throws IOException {
        Set<String> bucketFields = names(example("get-buckets-example.json").path("buckets").get(0));
        JsonNode influencerExample = example("get-influencers-example.json").path("influencers").get(0);
        Set<String> influencerFields = names(influencerExample);
        influencerFields.remove(influencerExample.path("influencer_field_name").asText());

        assertThat(buckets).allSatisfy(b -> {
            Set<String> extra = names(b);
            extra.removeAll(bucketFields);
            assertThat(names(b)).containsAll(bucketFields);
            assertThat(extra).containsOnly("id");
        });
        assertThat(ofType("influencer")).hasSizeGreaterThan(1000).allSatisfy(i -> {
            Set<String> fields = withoutLearning(i);
            assertThat(fields.remove(i.path("influencer_field_name").asText())).as("the value under its field's name").isTrue();
            assertThat(fields).isEqualTo(influencerFields);
        });
    }

    @Test
    void whatOnlyModelsStillLearningFound_staysBelowMinor_inTheBucketAndItsInfluencers() {
        int learningOnly = 0;
        for (JsonNode b : buckets) {
            List<JsonNode> found = records.get(key(b));
            if (found == null || !found.stream().allMatch(r -> r.path("learning").asBoolean())) {
                continue;
            }
            learningOnly++;
            assertThat(b.path("anomaly_score").asDouble()).as(b.path("id").asText()).isLessThan(25);
            assertThat(b.path("bucket_influencers")).filteredOn(i -> !i.path("influencer_field_name").asText()
                    .equals("bucket_time")).allSatisfy(i -> assertThat(i.path("learning").asBoolean()).isTrue());
        }
        assertThat(learningOnly).isGreaterThan(10);
        List<JsonNode> learningInfluencers = ofType("influencer").stream().filter(i -> i.has("learning")).toList();
        assertThat(learningInfluencers).hasSizeGreaterThan(100)
                .allSatisfy(i -> assertThat(i.path("influencer_score").asDouble()).isLessThan(25));
    }

    @Test
    void documents_comeByJobThenTime_aBucketBeforeItsBucketInfluencers_thenInfluencersModelPlotsAndRecords() {
        List<String> typeOrder = List.of("bucket", "bucket_influencer", "influencer", "model_plot", "record");
        for (int i = 1; i < docs.size(); i++) {
            JsonNode a = docs.get(i - 1);
            JsonNode b = docs.get(i);
            if (!a.path("job_id").equals(b.path("job_id"))) {
                assertThat(a.path("job_id").asText()).isLessThan(b.path("job_id").asText());
                continue;
            }
            assertThat(a.path("timestamp").asLong()).isLessThanOrEqualTo(b.path("timestamp").asLong());
            if (a.path("timestamp").asLong() == b.path("timestamp").asLong()) {
                assertThat(typeOrder.indexOf(a.path("result_type").asText()))
                        .isLessThanOrEqualTo(typeOrder.indexOf(b.path("result_type").asText()));
            }
        }
    }

    @Test
    void aQueryForBucketInfluencers_givesThemOnly_aboveTheScoreAsked(@TempDir Path copy) throws Exception {
        List<String> found;
        try (AuditmlService service = AuditmlService.openToRead(dir.resolve("shape.duckdb"))) {
            found = service.results(new ResultQuery("g-counts", "bucket_influencer", 1.0));
        }
        List<String> expected = ofType("bucket_influencer").stream()
                .filter(i -> i.path("job_id").asText().equals("g-counts") && i.path("anomaly_score").asDouble() >= 1.0)
                .map(JsonNode::toString).toList();

        assertThat(expected).isNotEmpty();
        assertThat(found.stream().map(ElasticResultShapeTest::read).map(JsonNode::toString).toList())
                .containsExactlyElementsOf(expected);
    }

    private static List<JsonNode> ofType(String type) {
        return docs.stream().filter(d -> d.path("result_type").asText().equals(type)).toList();
    }

    private static String key(JsonNode d) {
        return d.path("job_id").asText() + "@" + d.path("timestamp").asLong();
    }

    private static Set<String> fieldNames(JsonNode bucket) {
        Set<String> out = new TreeSet<>();
        bucket.path("bucket_influencers").forEach(i -> out.add(i.path("influencer_field_name").asText()));
        return out;
    }

    private static double max(JsonNode bucket, String score) {
        return StreamSupport.stream(bucket.path("bucket_influencers").spliterator(), false)
                .mapToDouble(i -> i.path(score).asDouble()).max().orElse(0);
    }

    private static Set<String> names(JsonNode doc) {
        Set<String> out = new HashSet<>();
        Iterator<String> it = doc.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    /** The field names of a document but auditml's {@code learning}, which is true or absent. */
    private static Set<String> withoutLearning(JsonNode doc) {
        Set<String> out = names(doc);
        if (out.remove("learning")) {
            assertThat(doc.path("learning").asBoolean()).isTrue();
        }
        return out;
    }

    private static JsonNode example(String name) throws IOException {
        try (InputStream in = ElasticResultShapeTest.class.getResourceAsStream("/elastic-results/" + name)) {
            assertThat(in).as(name).isNotNull();
            return JSON.readTree(in);
        }
    }

    private static JsonNode read(String doc) {
        try {
            return JSON.readTree(doc);
        } catch (IOException e) {
            throw new IllegalStateException(doc, e);
        }
    }
}

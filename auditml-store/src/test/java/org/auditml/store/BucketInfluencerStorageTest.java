package org.auditml.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.result.BucketInfluencer;
import org.auditml.engine.result.BucketResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored bucket brings its bucket influencers as documents of their own, as Elastic's results index holds them,
 * and a bucket stored again (renormalised, or closed again with other records) replaces all of them.
 */
class BucketInfluencerStorageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;

    private static BucketResult bucket(long ts, double score, String... fields) {
        List<BucketInfluencer> shares = new ArrayList<>();
        shares.add(BucketInfluencer.share(BucketInfluencer.BUCKET_TIME, score, score, 2.5, 1e-6, null));
        for (String f : fields) {
            shares.add(BucketInfluencer.share(f, score / 2, score / 2, 1.5, 1e-5, null));
        }
        return new BucketResult("job", ts, 3600, score, score, 40, false, shares, 0);
    }

    @Test
    void aBucketStoredAgain_replacesAllItsBucketInfluencers_andLeavesOtherBucketsAlone(@TempDir Path dir) throws Exception {
        try (AuditStore store = AuditStore.open(dir.resolve("r.duckdb"))) {
            store.putResults(List.of(bucket(0, 40, "host.name", "user.name"), bucket(HOUR, 30, "host.name")));
            store.putResults(List.of(bucket(0, 10, "process.name")));

            List<JsonNode> docs = new ArrayList<>();
            for (String doc : store.results("job")) {
                docs.add(JSON.readTree(doc));
            }
            assertThat(docs).extracting(d -> d.path("result_type").asText() + " " + d.path("timestamp").asLong() + " "
                    + d.path("influencer_field_name").asText() + " " + d.path("anomaly_score").asDouble())
                    .containsExactly(
                            "bucket 0  10.0",
                            "bucket_influencer 0 bucket_time 10.0",
                            "bucket_influencer 0 process.name 5.0",
                            "bucket 3600000  30.0",
                            "bucket_influencer 3600000 bucket_time 30.0",
                            "bucket_influencer 3600000 host.name 15.0");
            assertThat(docs.get(1)).isEqualTo(docs.get(0).path("bucket_influencers").get(0));
            assertThat(docs.get(2)).isEqualTo(docs.get(0).path("bucket_influencers").get(1));
        }
    }
}

package org.auditml.engine.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Result documents read back into results write again byte for byte; what is not one is refused, saying why. */
class ResultDocumentReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBucketWithItsInfluencers_readsBackToTheSameDocuments() throws Exception {
        BucketResult bucket = new BucketResult("j", 1_762_732_800_000L, 3600, 42.5, 40.0, 29, false,
                List.of(BucketInfluencer.share("host.name", 40.0, 42.5, 1.04, 9.07e-5, true)), 3);
        assertThat(bucket.documents()).hasSize(2);
        for (Result doc : bucket.documents()) {
            String json = JSON.writeValueAsString(doc);
            if (doc instanceof BucketInfluencer) {
                assertThat(ResultDocumentReader.read(json)).as("brought by its bucket").isEmpty();
            } else {
                assertThat(JSON.writeValueAsString(ResultDocumentReader.read(json).orElseThrow())).isEqualTo(json);
            }
        }
    }

    @Test
    void whatIsNotAResultDocument_isRefused() {
        assertThatThrownBy(() -> ResultDocumentReader.read("{\"result_type\":\"model_snapshot\"}"))
                .hasMessage("not a result document: result_type 'model_snapshot' (bucket, record, influencer, "
                        + "bucket_influencer or model_plot)");
        assertThatThrownBy(() -> ResultDocumentReader.read("{\"job_id\":"))
                .hasMessageStartingWith("not a result document (JSON): ");
    }
}

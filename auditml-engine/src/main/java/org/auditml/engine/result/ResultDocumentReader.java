package org.auditml.engine.result;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * Elastic's result documents read back into results, as another runner of the engine (the Flink job) wrote them: a
 * bucket with its bucket influencers, a record, an influencer, a model plot. A bucket influencer's own document is
 * read as part of its bucket, which holds it too.
 */
public final class ResultDocumentReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ResultDocumentReader() {
    }

    /** The result of one document; empty for a bucket influencer's, which its bucket brings. */
    public static Optional<Result> read(String document) {
        JsonNode doc;
        try {
            doc = JSON.readTree(document);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a result document (JSON): " + e.getMessage(), e);
        }
        String type = doc.path(ResultFields.RESULT_TYPE).asText("");
        Class<? extends Result> as = switch (type) {
            case ResultFields.TYPE_BUCKET -> BucketResult.class;
            case ResultFields.TYPE_RECORD -> AnomalyRecord.class;
            case ResultFields.TYPE_INFLUENCER -> InfluencerResult.class;
            case ResultFields.TYPE_MODEL_PLOT -> ModelPlot.class;
            case ResultFields.TYPE_BUCKET_INFLUENCER -> null;
            default -> throw new IllegalArgumentException("not a result document: result_type '" + type
                    + "' (bucket, record, influencer, bucket_influencer or model_plot)");
        };
        if (as == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.treeToValue(doc, as));
        } catch (IOException e) {
            throw new IllegalArgumentException("a " + type + " document cannot be read: " + e.getMessage(), e);
        }
    }
}

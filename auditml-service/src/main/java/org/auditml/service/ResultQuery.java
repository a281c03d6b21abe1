package org.auditml.service;

import org.auditml.engine.result.ResultFields;

import java.util.Set;

/**
 * Which stored result documents to read: of one job or all (null), of one result type or all (null), and scoring at
 * least {@code minScore} (records by record_score, buckets and bucket influencers by anomaly_score, influencers by
 * influencer_score; null: every document, model plots included).
 */
public record ResultQuery(String jobId, String resultType, Double minScore) {
    /** The result types a query can ask for. */
    public static final Set<String> TYPES = Set.of(ResultFields.TYPE_BUCKET, ResultFields.TYPE_BUCKET_INFLUENCER,
            ResultFields.TYPE_RECORD, ResultFields.TYPE_INFLUENCER, ResultFields.TYPE_MODEL_PLOT);

    public ResultQuery {
        if (resultType != null && !TYPES.contains(resultType)) {
            throw new RequestException("no result type '" + resultType + "'; the types are bucket, bucket_influencer, "
                    + "record, influencer and model_plot");
        }
        if (minScore != null && (minScore.isNaN() || minScore < 0 || minScore > 100)) {
            throw new RequestException("a minimum score is from 0 to 100; was " + minScore);
        }
    }

    /** Every stored result document. */
    public static ResultQuery all() {
        return new ResultQuery(null, null, null);
    }
}

package org.auditml.engine.result;

import java.util.List;

/** A result document: a bucket, a bucket influencer, a record, an influencer or a model plot. */
public sealed interface Result permits BucketResult, BucketInfluencer, AnomalyRecord, InfluencerResult, ModelPlot {
    String jobId();

    long timestamp();

    String resultType();

    /**
     * The documents Elastic's results index holds for this result: itself, and for a bucket its bucket influencers
     * as documents of their own as well.
     */
    default List<Result> documents() {
        return List.of(this);
    }
}

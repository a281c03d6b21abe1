package org.auditml.engine.result;

/** A result document: a bucket, a record or an influencer. */
public sealed interface Result permits BucketResult, AnomalyRecord, InfluencerResult, ModelPlot {
    String jobId();

    long timestamp();

    String resultType();
}

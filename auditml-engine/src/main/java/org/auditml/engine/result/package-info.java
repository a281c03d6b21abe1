/**
 * Result documents in Elastic's shapes and field names: {@link org.auditml.engine.result.BucketResult} with its
 * {@link org.auditml.engine.result.BucketInfluencer}s, {@link org.auditml.engine.result.AnomalyRecord},
 * {@link org.auditml.engine.result.InfluencerResult} and {@link org.auditml.engine.result.ModelPlot}, each with
 * {@code job_id} and {@code result_type}, serialisable with Jackson as they stand.
 */
package org.auditml.engine.result;

/**
 * Result documents in Elastic's shapes and field names: {@link org.auditml.engine.result.BucketResult},
 * {@link org.auditml.engine.result.AnomalyRecord} and {@link org.auditml.engine.result.InfluencerResult}, each with
 * {@code job_id} and {@code result_type}, serialisable with Jackson as they stand.
 */
package org.auditml.engine.result;

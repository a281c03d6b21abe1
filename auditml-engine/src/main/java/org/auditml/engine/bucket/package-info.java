/**
 * What a bucket holds while it is open ({@link org.auditml.engine.bucket.OpenBucket}: per detector, its series and
 * their values) and what it gives when it closes ({@link org.auditml.engine.bucket.SeriesBucket}: the
 * {@link org.auditml.engine.bucket.Candidate}s found, plots and fleet news), the narrow interface between a job's
 * series and its job-wide scoring. Open buckets are the engine's working data, shared with the analyses.
 */
package org.auditml.engine.bucket;

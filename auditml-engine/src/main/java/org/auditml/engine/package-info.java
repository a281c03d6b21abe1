/**
 * Anomaly detection with Elastic ML's semantics. {@link org.auditml.engine.AnomalyJob} runs one job in one place: its
 * series ({@link org.auditml.engine.series}: buckets, {@link org.auditml.engine.analysis the detectors' analyses} and
 * {@link org.auditml.engine.model models}) hand each closed {@link org.auditml.engine.bucket bucket} to the job-wide
 * {@link org.auditml.engine.score scoring}, which yields Elastic-shaped {@link org.auditml.engine.result results};
 * {@link org.auditml.engine.snapshot snapshots} keep it all. Jobs and datafeeds are read from Elastic's JSON
 * ({@link org.auditml.engine.job}, {@link org.auditml.engine.datafeed}, {@link org.auditml.engine.query}); custom rules
 * and their filters ({@link org.auditml.engine.rule}) and calendars ({@link org.auditml.engine.calendar}) are applied
 * by the series ({@link org.auditml.engine.series.JobRules}) where a record is made and where a model learns. The engine
 * knows no audit format: it reads events through {@link org.auditml.engine.EventView}, and domain knowledge of rare
 * values comes in through {@link org.auditml.engine.context.RarityContext}.
 */
package org.auditml.engine;

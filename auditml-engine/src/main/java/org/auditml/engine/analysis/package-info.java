/**
 * How each detector function judges a closing bucket: one {@link org.auditml.engine.analysis.DetectorAnalysis} per
 * function family (rare, population rare, freq_rare, count, metric, time, contextual) keeps its models per series and
 * turns what is unusual into candidates; {@link org.auditml.engine.analysis.FrequentValues} is Elastic's
 * exclude_frequent.
 */
package org.auditml.engine.analysis;

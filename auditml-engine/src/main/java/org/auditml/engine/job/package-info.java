/**
 * Job configuration in Elastic's JSON: {@code analysis_config} with its detectors and influencers, limits, data
 * description, model plot and custom settings. User JSON is parsed strictly ({@link org.auditml.engine.job.JobParser}):
 * an unknown or bad field is refused with its path and the reason, every problem at once.
 */
package org.auditml.engine.job;

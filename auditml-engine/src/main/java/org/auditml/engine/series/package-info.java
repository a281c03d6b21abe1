/**
 * The per-series half of a job: {@link org.auditml.engine.series.JobSeries} gathers events into buckets and closes them
 * with the detectors' analyses. Several instances may each hold some of a job's partitions; their closed buckets are
 * merged and scored job-wide.
 */
package org.auditml.engine.series;

/**
 * auditml's jobs as an Apache Flink job ({@link org.auditml.flink.AuditmlFlinkJob}): Auditbeat events routed to the
 * jobs whose datafeeds take them, keyed by each job's partition, advanced on event time, scored job-wide.
 */
package org.auditml.flink;

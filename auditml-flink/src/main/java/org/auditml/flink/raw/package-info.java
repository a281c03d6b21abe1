/**
 * Raw audit lines on Flink: records keyed by their {@code node=}, reassembled into events per node and normalised as
 * {@code analyze} reads a raw log, each event handed on as the Auditbeat JSON line the rest of the job reads.
 */
package org.auditml.flink.raw;

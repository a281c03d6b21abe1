/**
 * Reads Linux audit data: raw auditd logs and Auditbeat JSON, reassembled into events and normalised to the
 * ECS fields Auditbeat produces. The entry point is {@link org.auditml.read.AuditReader}; bad input is counted
 * in a {@link org.auditml.read.ReadReport}, never thrown.
 */
package org.auditml.read;

/**
 * Auditbeat's own JSON (file or console output, one event a line), 6.x field names ({@code beat.name},
 * {@code process.exe}, {@code docker.container.*}, {@code user.auid}) and 7.x/8.x names alike, read into the
 * same {@link org.auditml.read.AuditEvent} as the raw log would give.
 */
package org.auditml.read.beat;

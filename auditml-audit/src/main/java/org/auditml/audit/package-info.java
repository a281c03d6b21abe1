/**
 * What Linux audit data means to the engine, which knows no audit format: {@link org.auditml.audit.AuditEventView}
 * shows a read event as the engine's {@link org.auditml.engine.EventView}, and
 * {@link org.auditml.audit.LinuxRarityContext} weighs rare processes by who ran them, where they live and what they
 * were asked to do. Whoever runs jobs over audit data (the service, a stream job) hands them these.
 */
package org.auditml.audit;

/**
 * Runs anomaly-detection jobs over the reader's events: {@link org.auditml.audit.AuditEventView} adapts an event to
 * the engine, {@link org.auditml.service.StoredAnalysis} feeds each job the events its datafeed selects, in time order,
 * and keeps its state in the store so that analysis goes on where it stopped.
 */
package org.auditml.service;

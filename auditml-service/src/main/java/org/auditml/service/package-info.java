/**
 * Runs anomaly-detection jobs over the reader's events: {@link org.auditml.service.AuditEventView} adapts an event to
 * the engine, {@link org.auditml.service.Analysis} feeds each job the events its datafeed selects, in time order.
 */
package org.auditml.service;

/**
 * Alerts: anomalies of real-time jobs at or above a score go to the sinks an alerts file names (a webhook, an NDJSON
 * file, standard output, syslog), each anomaly once per sink, even across restarts (the store keeps every alert,
 * pending until its sink took it).
 */
package org.auditml.service.alert;

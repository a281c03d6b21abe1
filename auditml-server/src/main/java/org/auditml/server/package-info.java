/**
 * Elastic's anomaly-detection API ({@code /_ml/...}) over HTTP: the same paths, parameters, bodies and error shapes,
 * each route a call to the service. Bound to localhost unless told otherwise; TLS and an API key on request.
 */
package org.auditml.server;

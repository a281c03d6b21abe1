/**
 * The embedded store: a DuckDB file holding events (each once, by host, serial and time), jobs, result documents,
 * model snapshots and what was ingested when. Every statement is parameterised.
 */
package org.auditml.store;

/**
 * User and group names by host, for the numeric ids of raw audit records: read from passwd and group files the user
 * gives per host ({@link org.auditml.read.accounts.HostAccounts}), and from this machine's own for its own log, as
 * Auditbeat resolves ids on the machine it runs on.
 */
package org.auditml.read.accounts;

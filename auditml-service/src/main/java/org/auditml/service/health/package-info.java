/**
 * Per-host signs that audit data went missing: what the kernel reported lost, when an agent went silent. Read from
 * the stored events, so they hold however the events came in (files, Beats) and survive a restart.
 */
package org.auditml.service.health;

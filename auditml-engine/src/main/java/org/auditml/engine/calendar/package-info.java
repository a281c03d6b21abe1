/**
 * Elastic's calendars and their scheduled events: spans of time (a maintenance window, a holiday) in which the jobs
 * of a calendar, named or through their groups, create no results and leave their models as they were.
 */
package org.auditml.engine.calendar;

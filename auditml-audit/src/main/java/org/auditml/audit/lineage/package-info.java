/**
 * Process lineage from audit events: per host, the processes the events show (by pid, with their lifetime, the
 * images their execs loaded, and the parent each was started by), built in time order from the pid and ppid every
 * SYSCALL record carries (LAUREL adds the parent to each event too). {@link org.auditml.audit.lineage.ProcessTable}
 * holds the rule for pid reuse.
 */
package org.auditml.audit.lineage;

/**
 * A job's whole state as plain records ({@link org.auditml.engine.snapshot.JobState}), written as JSON with a version:
 * restoring one and going on gives the same results as never having stopped.
 */
package org.auditml.engine.snapshot;

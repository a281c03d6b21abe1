/** How the Flink job's keyed state is checkpointed: the engine's snapshots, as JSON. */
package org.auditml.flink.state;

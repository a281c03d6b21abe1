package org.auditml.flink.score;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.auditml.flink.state.CheckpointJsonSerializer;

/** A job's scoring in a checkpoint: its normalisers, fleet, waiting buckets and renormalisation window. */
public final class JobScoringSerializer extends CheckpointJsonSerializer<JobScoring> {

    @Override
    protected JobScoring fromCheckpoint(String json) {
        return JobScoring.fromCheckpoint(json);
    }

    @Override
    public TypeSerializer<JobScoring> duplicate() {
        return new JobScoringSerializer();
    }

    @Override
    public TypeSerializerSnapshot<JobScoring> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: any snapshot restores the same. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<JobScoring> {
        public Snapshot() {
            super(JobScoringSerializer::new);
        }
    }
}

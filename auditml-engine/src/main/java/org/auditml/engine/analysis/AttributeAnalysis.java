package org.auditml.engine.analysis;

import org.auditml.engine.job.Detector;
import org.auditml.engine.snapshot.JobState;

import java.util.Set;

/**
 * The analyses that learn which attributes (by values) the entities (over values) of a population have had —
 * population rare and freq_rare — share that model and its bookkeeping here.
 */
abstract class AttributeAnalysis extends DetectorAnalysis {
    final AttributePopulation population;

    AttributeAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
        this.population = new AttributePopulation(job);
    }

    @Override
    public long sizeBytes() {
        return population.sizeBytes();
    }

    @Override
    public long byValues() {
        return population.attributes();
    }

    @Override
    public void partitions(Set<String> into) {
        population.partitions(into);
    }

    @Override
    public void save(JobState.Builder state) {
        population.save(index, state);
    }

    @Override
    public void restore(JobState state) {
        population.restore(index, state);
    }
}

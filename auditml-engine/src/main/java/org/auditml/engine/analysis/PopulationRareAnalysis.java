package org.auditml.engine.analysis;

import org.auditml.engine.bucket.Candidate;
import org.auditml.engine.bucket.OpenBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.job.Detector;
import org.auditml.engine.model.RareModel;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.score.RawScore;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Population rare ({@code rare by X over Y}): per partition, for each X the number of distinct Y that ever had it; an
 * entity using an X that few entities have is anomalous.
 */
final class PopulationRareAnalysis extends AttributeAnalysis {

    PopulationRareAnalysis(int index, Detector detector, JobSupport job) {
        super(index, detector, job);
    }

    @Override
    public void close(OpenBucket bucket, List<Candidate> out) {
        Map<SeriesKey, OpenBucket.SeriesData> series = bucket.series.get(index);
        EntitiesByAttribute.of(series).forEach((partition, attributes) -> {
            RareModel model = population.model(partition);
            if (model == null) {
                return;
            }
            String where = partition == null ? "" : " in " + partition;
            attributes.forEach((attribute, entities) -> {
                RareModel.Rarity r = model.rarity(attribute);
                double raw = RawScore.of(r.probability());
                if (raw <= 0) {
                    return;
                }
                for (String entity : entities) {
                    SeriesKey key = new SeriesKey(partition, entity, attribute);
                    String reason = entity + ": " + attribute + (r.firstOccurrence() ? ", which no other "
                            + detector.overFieldName() + where + " has had" : ", which " + Math.round(r.bucketsSeen())
                            + " of the " + detector.overFieldName() + " values" + where + " have had");
                    out.add(candidate(key, r.probability(), raw, r.learning(), new Candidate.Finding(1,
                            r.probability(), null, reason, new AnomalyRecord.Explanation(null, null, null, null, null,
                            null, r.firstOccurrence(), round(r.relativeRarity())), null), series.get(key)));
                }
            });
            Map<String, Set<String>> learnt = learnable(partition, attributes);
            if (!learnt.isEmpty()) {
                population.learn(partition, learnt);
            }
        });
    }
}

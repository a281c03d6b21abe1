package org.auditml.store;

import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketInfluencer;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.InfluencerResult;
import org.auditml.engine.result.ModelPlot;
import org.auditml.engine.result.Result;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic result ids, as Elastic makes them ({@code <job>_bucket_<ts>_<span>},
 * {@code <job>_bucket_influencer_<ts>_<span>_<field>}); records, influencers and
 * model plots add their split values, hashed, so that a result written again replaces the earlier one.
 */
public final class ResultIds {
    private ResultIds() {
    }

    /** The id a result is stored under: writing a result with the same id again replaces it. */
    public static String of(Result r) {
        if (r instanceof BucketResult b) {
            return b.id();
        }
        if (r instanceof BucketInfluencer bi) {
            return bi.id();
        }
        if (r instanceof AnomalyRecord a) {
            // metric's min, mean and max records of one series differ only in function_description
            String feature = a.functionDescription() == null || a.functionDescription().equals(a.function())
                    ? "" : "\u0000" + a.functionDescription();
            return a.jobId() + "_record_" + a.timestamp() + "_" + a.bucketSpan() + "_" + a.detectorIndex() + "_"
                    + hash(a.partitionFieldValue() + "\u0000" + a.overFieldValue() + "\u0000" + a.byFieldValue() + feature);
        }
        if (r instanceof InfluencerResult i) {
            return i.jobId() + "_influencer_" + i.timestamp() + "_" + i.bucketSpan() + "_"
                    + hash(i.influencerFieldName() + "\u0000" + i.influencerFieldValue());
        }
        ModelPlot p = (ModelPlot) r;
        return p.jobId() + "_model_plot_" + p.timestamp() + "_" + p.bucketSpan() + "_" + p.detectorIndex() + "_"
                + hash(p.partitionFieldValue() + "\u0000" + p.overFieldValue() + "\u0000" + p.byFieldValue());
    }

    /** The score to sort by: anomaly_score (of a bucket or bucket influencer), record_score or influencer_score. */
    static Double score(Result r) {
        if (r instanceof BucketResult b) {
            return b.anomalyScore();
        }
        if (r instanceof BucketInfluencer bi) {
            return bi.anomalyScore();
        }
        if (r instanceof AnomalyRecord a) {
            return a.recordScore();
        }
        if (r instanceof InfluencerResult i) {
            return i.influencerScore();
        }
        return null;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}

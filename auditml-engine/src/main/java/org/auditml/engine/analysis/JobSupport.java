package org.auditml.engine.analysis;

import org.auditml.engine.bucket.SeriesBucket;
import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.context.RarityContext;
import org.auditml.engine.job.Detector;

/** What a detector's analysis asks of the job's series it belongs to. */
public interface JobSupport {
    long spanMillis();

    /** Whether the job switched on auditml's context for rare values ({@code auditml_context}). */
    boolean usesContext();

    /** The domain's context for rare values (what the job's runner handed it). */
    RarityContext rarityContext();

    /** False at the hard memory limit: a new entity is refused (and counted). */
    boolean mayAllocate();

    /** Adds a model plot document for the bucket being closed, when the job asks for them. */
    void plot(int detector, int pass, Detector d, SeriesKey key, long start, String feature, double lower,
              double upper, double median, double actual);

    /** Hands the job-wide scoring a rare detector's fleet news of the bucket being closed. */
    void fleetNews(int detector, SeriesBucket.FleetNews news);

    /**
     * Whether a detector's model learns a series (with its actual and typical values) in the bucket being closed:
     * custom rules and scheduled events may leave it out.
     */
    default boolean learns(int detector, SeriesKey key, double actual, double typical) {
        return true;
    }

    /** "9 days" or "5 hours": how long {@code buckets} buckets are. */
    default String history(long buckets) {
        double days = buckets * spanMillis() / 86_400_000.0;
        if (days >= 1) {
            return Math.round(days) + (Math.round(days) == 1 ? " day" : " days");
        }
        double hours = buckets * spanMillis() / 3_600_000.0;
        return Math.round(hours) + (Math.round(hours) == 1 ? " hour" : " hours");
    }
}

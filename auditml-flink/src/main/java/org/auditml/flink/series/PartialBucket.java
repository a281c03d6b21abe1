package org.auditml.flink.series;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.bucket.SeriesBucket;

import java.io.UncheckedIOException;

/**
 * A bucket one key's series closed, on its way to its job's scoring, as JSON: the engine's buckets are records of
 * unmodifiable collections, which Flink's generic (Kryo) serializer cannot rebuild, and Jackson can.
 */
public class PartialBucket {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String jobId;
    public String bucketJson;

    public PartialBucket() {
    }

    public PartialBucket(String jobId, SeriesBucket bucket) {
        this.jobId = jobId;
        try {
            this.bucketJson = JSON.writeValueAsString(bucket);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a closed bucket must always serialise", e);
        }
    }

    public SeriesBucket bucket() {
        try {
            return JSON.readValue(bucketJson, SeriesBucket.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a closed bucket of job [" + jobId + "] cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }
}

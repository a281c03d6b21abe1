package org.auditml.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.result.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/** Result documents as Elastic writes them: one JSON object a line (NDJSON). */
public final class ResultDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultDocuments() {
    }

    /** A result as its JSON document. */
    public static String json(Result result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a result must always serialise", e);
        }
    }

    /** Writes each result as a line of JSON, and a bucket's bucket influencers after it, as Elastic's results index holds them. */
    public static void write(List<Result> results, Writer out) throws IOException {
        for (Result result : results) {
            for (Result r : result.documents()) {
                out.write(json(r));
                out.write('\n');
            }
        }
    }
}

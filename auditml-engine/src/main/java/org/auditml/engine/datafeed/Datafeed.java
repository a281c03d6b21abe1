package org.auditml.engine.datafeed;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.auditml.engine.EventView;
import org.auditml.engine.job.TimeValue;
import org.auditml.engine.query.EventQuery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A datafeed as Elastic's {@code PUT _ml/datafeeds/<datafeed_id>} takes it: which job it feeds and which events it
 * selects ({@code query}, compiled once into an {@link EventQuery}). auditml's events come from its own store, so
 * {@code indices} are kept as given and not read. Made by {@link DatafeedParser}, which refuses what it cannot honour.
 *
 * @param queryDelay how long after real time events are still awaited (Elastic's default, 60 s to 120 s, is taken as
 *                   60 s when not set)
 * @param frequency  how often a real-time datafeed looks for new events; null for Elastic's default (from the
 *                   bucket span)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Datafeed(
        @JsonProperty(DatafeedFields.DATAFEED_ID) String datafeedId,
        @JsonProperty(DatafeedFields.JOB_ID) String jobId,
        @JsonProperty(DatafeedFields.INDICES) List<String> indices,
        @JsonProperty(DatafeedFields.QUERY) JsonNode queryJson,
        @JsonIgnore Duration queryDelay,
        @JsonIgnore Duration frequency,
        @JsonProperty(DatafeedFields.SCROLL_SIZE) Integer scrollSize,
        @JsonIgnore EventQuery query) {

    /** Elastic's default query delay. */
    public static final Duration DEFAULT_QUERY_DELAY = Duration.ofSeconds(60);

    public Datafeed {
        Objects.requireNonNull(datafeedId, "datafeedId");
        Objects.requireNonNull(jobId, "jobId");
        indices = indices == null ? List.of() : List.copyOf(indices);
        if (queryJson == null) {
            queryJson = JsonNodeFactory.instance.objectNode().set("match_all", JsonNodeFactory.instance.objectNode());
        }
        queryDelay = queryDelay == null ? DEFAULT_QUERY_DELAY : queryDelay;
        if (query == null) {
            query = EventQuery.of(queryJson, DatafeedFields.QUERY);
        }
    }

    /** The datafeed Kibana's modules and Elastic's API make when none is given: {@code datafeed-<job>}, every event. */
    public static Datafeed matchAll(String jobId) {
        return new Datafeed(defaultId(jobId), jobId, List.of(), null, null, null, null, null);
    }

    /** Elastic's naming of a job's datafeed. */
    public static String defaultId(String jobId) {
        return "datafeed-" + jobId;
    }

    /** Whether the datafeed selects the event. */
    public boolean matches(EventView event) {
        return query.matches(event);
    }

    /** The same datafeed for the job of another id (a module's jobs get the prefix). */
    public Datafeed forJob(String newJobId) {
        return new Datafeed(defaultId(newJobId), newJobId, indices, queryJson, queryDelay, frequency, scrollSize, query);
    }

    @JsonProperty(DatafeedFields.QUERY_DELAY)
    public String queryDelayText() {
        return TimeValue.format(queryDelay);
    }

    @JsonProperty(DatafeedFields.FREQUENCY)
    public String frequencyText() {
        return frequency == null ? null : TimeValue.format(frequency);
    }

    /** Elastic-shaped JSON. */
    public String toJson() {
        return DatafeedParser.toJson(this);
    }
}

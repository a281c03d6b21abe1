package org.auditml.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.auditml.engine.EventView;
import org.auditml.engine.job.ConfigException;

import java.time.Clock;
import java.util.function.Predicate;

/**
 * A compiled datafeed query: {@link #of} reads Elasticsearch's query DSL once, with Elasticsearch's semantics over
 * the fields' types ({@link FieldMappings}), and refuses what it cannot evaluate, naming the path
 * ({@code query.bool.must[1].geo_distance: unsupported query 'geo_distance'}); {@link #matches} then tests events.
 */
public final class EventQuery {
    private final Predicate<EventView> predicate;

    private EventQuery(Predicate<EventView> predicate) {
        this.predicate = predicate;
    }

    /** Matches everything (a datafeed without a query). */
    public static EventQuery all() {
        return new EventQuery(e -> true);
    }

    /**
     * Compiles a query over ECS's mappings; {@code path} names it in errors (e.g. "query"). Date math's {@code now} is
     * the system clock's, read at each test as Elasticsearch reads it at each search.
     */
    public static EventQuery of(JsonNode query, String path) {
        return of(query, path, FieldMappings.ecs());
    }

    /** Compiles a query over the given mappings (ECS's and a beat's own fields, say), {@code now} the system's. */
    public static EventQuery of(JsonNode query, String path, FieldMappings mappings) {
        return of(query, path, mappings, Clock.systemUTC());
    }

    /** Compiles a query over the given mappings, {@code now} read from {@code clock}. */
    public static EventQuery of(JsonNode query, String path, FieldMappings mappings, Clock clock) {
        if (query == null || query.isNull()) {
            return all();
        }
        try {
            return new EventQuery(new QueryDsl(mappings, clock).compile(query, path));
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // Lucene's limits (too complex a pattern, too many clauses) and malformed numbers, said as a config error
            throw new ConfigException(path, "cannot be compiled: " + e.getMessage());
        }
    }

    public boolean matches(EventView event) {
        return predicate.test(event);
    }
}

/**
 * Elasticsearch's query DSL over events ({@link org.auditml.engine.query.EventQuery}), with Elasticsearch's semantics:
 * each field is matched as its type is indexed (ECS's mappings in {@code ecs-fields.tsv}, other fields as dynamic
 * mapping makes them: text with a keyword sub-field), text analyzed by Lucene's standard analyzer, query_string and
 * simple_query_string parsed by Lucene's parsers and the parsed query evaluated against the event. A query or option
 * that is not implemented is refused with its path, never approximated.
 */
package org.auditml.engine.query;

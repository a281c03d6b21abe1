/**
 * The part of the Elasticsearch query DSL that datafeeds and module manifests use ({@code bool} with filter, must,
 * must_not, should; {@code term}, {@code terms}, {@code match}, {@code match_phrase}, {@code exists}, {@code range}),
 * compiled once into a predicate over {@link org.auditml.engine.EventView}. Anything else is refused with its path.
 */
package org.auditml.engine.query;

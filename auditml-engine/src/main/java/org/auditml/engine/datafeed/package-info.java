/**
 * Datafeeds in Elastic's JSON ({@link org.auditml.engine.datafeed.Datafeed}, read strictly by
 * {@link org.auditml.engine.datafeed.DatafeedParser}): which job a datafeed feeds and which events it selects.
 */
package org.auditml.engine.datafeed;

/**
 * auditml's context for rare values ({@code "auditml_context": true}): a domain's
 * {@link org.auditml.engine.context.RarityContext} (handed to the job by whoever runs it), how the fleet knows a value
 * ({@link org.auditml.engine.context.FleetSpread}) and how settled its partition is
 * ({@link org.auditml.engine.context.Stability}), each as {@link org.auditml.engine.context.ContextTerm}s on its
 * probability, named in the record's reason.
 */
package org.auditml.engine.context;

/**
 * The statistics behind the detector functions: {@link org.auditml.engine.model.RareModel} (how many buckets each
 * value occurs in, decaying), {@link org.auditml.engine.model.CountModel} (counts per bucket with daily and weekly
 * seasonality and an overdispersed residual), {@link org.auditml.engine.model.MetricModel} (a metric's level, daily
 * profile and heavy-tailed residual), each giving the probability of what a bucket shows; and auditml's
 * {@link org.auditml.engine.model.ContextualModel} (a contextual detector after CAD OSE, chosen per detector with
 * {@code auditml_model}), which scores a bucket itself.
 */
package org.auditml.engine.model;

/**
 * The statistics behind the detector functions: {@link org.auditml.engine.model.RareModel} (how many buckets each
 * value occurs in, decaying), {@link org.auditml.engine.model.CountModel} (counts per bucket with daily and weekly
 * seasonality and an overdispersed residual), each giving the probability of what a bucket shows.
 */
package org.auditml.engine.model;

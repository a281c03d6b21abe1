/**
 * Anomaly detection with Elastic ML's semantics: jobs ({@link org.auditml.engine.job}), the models behind the
 * detector functions ({@link org.auditml.engine.model}), probability → 0–100 scores ({@link org.auditml.engine.score})
 * and Elastic-shaped result documents ({@link org.auditml.engine.result}). The engine knows no audit format: it reads
 * events through {@link org.auditml.engine.EventView}.
 */
package org.auditml.engine;

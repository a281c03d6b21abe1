/**
 * The Numenta Anomaly Benchmark's scoring, written from {@code ../shared/spec/nab.md} §2 (no NAB code).
 *
 * <p>{@link org.auditml.nab.NabCorpus} reads the data files, windows and profiles in place;
 * {@link org.auditml.nab.NabScorer} scores one anomaly score per row of every file: a single threshold per profile
 * for the whole corpus, found by an exact sweep, then 0 (null detector) … 100 (perfect detector).
 * {@link org.auditml.nab.ResultCsv} reads and writes per-file results in NAB's CSV format.
 */
package org.auditml.nab;

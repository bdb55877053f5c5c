/**
 * Seed 001's memory-access predictor (docs/ml-pipeline.md): a learned filter over the stride and correlation
 * prefetchers' candidates, evaluated against no prefetch, Linux-style readahead and the unfiltered
 * tables on the same access sequences.
 *
 * <p><b>Imports.</b> {@code kos.mem} (the page cache and its prefetchers), {@code kos.insights.ml},
 * {@code kos.ml.data}, {@code kos.sim}. Never the shell.
 */
package kos.insights.prefetch;

/**
 * Seed 001's workload predictor (docs/ml-pipeline.md): per-task and machine CPU and memory forecasts 1 s and
 * 10 s ahead from what {@code UsageSampler} observes, its baselines (last value, EWMA, Holt-Winters),
 * and the reclaim decision a forecast drives ({@code ml decide}).
 *
 * <p><b>Imports.</b> {@code kos.insights.ml} (the pipeline and its MLP), {@code kos.ml.data},
 * {@code kos.workload}, {@code kos.mem}, {@code kos.sched}, {@code kos.sim}. Never the shell.
 */
package kos.insights.forecast;

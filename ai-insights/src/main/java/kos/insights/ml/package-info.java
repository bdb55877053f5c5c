/**
 * The training pipeline shared by kos's learned models (docs/ml-pipeline.md): samples from simulator runs into
 * hashed datasets, a small MLP with a deterministic trainer (validation split, early stopping),
 * evaluation reports with goals, and the catalogue of models ({@code MlModels}) kept in the
 * versioned {@code kos.ml.registry}.
 *
 * <p><b>Imports.</b> {@code kos.ml.registry}, {@code kos.ml.data}, {@code kos.sim}, Jackson; the
 * catalogue names the models of {@code kos.insights.forecast}, {@code .prefetch}, {@code .threat}
 * and {@code .device}. Never the shell.
 */
package kos.insights.ml;

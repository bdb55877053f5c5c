/**
 * Datasets of training samples: named columns of doubles in a CSV file whose first line carries the
 * SHA-256 of the rest (the data's identity, recorded with every model trained on it), read with
 * the same bounded, validated reading as every other file kos loads.
 *
 * <p><b>Imports.</b> {@code kos.ml.registry} (confined paths), {@code kos.sim}. No model code.
 */
package kos.ml.data;

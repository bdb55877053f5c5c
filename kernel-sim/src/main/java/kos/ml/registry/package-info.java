/**
 * The versioned model registry under a models directory: each trained model a new version with its
 * metrics, data hash, parameters and parent, one promoted; written atomically, read confined to
 * the directory.
 *
 * <p><b>Imports.</b> {@code kos.sim} (atomic files, errors), Jackson. No model code.
 */
package kos.ml.registry;

/**
 * The {@code ml} command: the training pipeline (collect, train, eval) and the versioned model
 * registry (models, promote, ab, import) of kos's models, and the session wiring of the workloads
 * they learn from.
 *
 * <p><b>Imports.</b> {@code kos.shell}, picocli, {@code kos.insights.ml}, {@code kos.ml}, {@code kos.sim}.
 * Only other shell packages may import it.
 */
package kos.shell.ml;

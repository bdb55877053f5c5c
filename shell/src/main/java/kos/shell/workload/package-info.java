/**
 * The {@code workload} command: start, list and stop the named workload generators of the
 * simulation (memory and task mixes).
 *
 * <p><b>Imports.</b> {@code kos.shell}, picocli, {@code kos.sim}. Only other shell packages may import it.
 */
package kos.shell.workload;

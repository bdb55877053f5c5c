/**
 * The {@code stresstest} commands: a memory stress on a fresh machine with the crash predictor and
 * the autonomy loop off and on (same seed), and the outcome of each.
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.stress;

/**
 * The {@code sim} command: the simulation's seed, runs, reset, status, digest and trace.
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.sim;

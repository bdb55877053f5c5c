/**
 * The {@code ps} command: the simulated tasks, like ps(1).
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app}, picocli, {@code kos.sched}, {@code kos.sim}.
 * Only other shell packages may import it.
 */
package kos.shell.ps;

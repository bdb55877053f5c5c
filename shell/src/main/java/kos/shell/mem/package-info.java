/**
 * The {@code mem} and {@code memctl} commands: the simulated memory's state, allocation and tuning.
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.mem;

/**
 * The {@code mem} command: create the simulated physical memory ({@code mem init}).
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.mem;

/**
 * The {@code sched} command: replay of textbook job lists through the simulated
 * scheduler's policies (OSTEP's worked examples).
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.sched;

/**
 * The {@code crashctl} commands: the crash predictor's status, scenarios, fitting and evaluation,
 * and the wiring that attaches a monitor and the autonomy loop to every new simulation's memory.
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.crashctl;

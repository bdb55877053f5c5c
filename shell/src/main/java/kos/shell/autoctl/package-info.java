/**
 * The {@code autoctl} commands: the autonomy loop's status, mode and audit log.
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.autoctl;

/**
 * The {@code sched}, {@code schedctl}, {@code ps} and {@code task} commands: the simulated
 * scheduler's policy, tasks, statistics, trace and job replay.
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, and the modules
 * whose use cases it calls. Only other shell packages may import it.
 */
package kos.shell.sched;

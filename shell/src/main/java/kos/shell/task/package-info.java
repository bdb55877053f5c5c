/**
 * The {@code task} command: spawn and kill single scheduler tasks.
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app}, picocli, {@code kos.sched}, {@code kos.sim}.
 * Only other shell packages may import it.
 */
package kos.shell.task;

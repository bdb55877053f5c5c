/**
 * The {@code sona} command and its subcommands: SONA continual learning ({@code kos.sona}) on the
 * attention scheduler (status, loops, patterns, ewc, on, off, eval). The binding itself (the
 * decision recorder, the model adapter and the phase evaluation) is a cross-module flow in
 * {@code kos.shell.app}.
 *
 * <p><b>Imports.</b> {@code kos.shell}, picocli, {@code kos.sona}, {@code kos.attn}, {@code kos.lora},
 * {@code kos.nn}, {@code kos.sched}, {@code kos.sim}. Only other shell packages may import it.
 */
package kos.shell.sona;

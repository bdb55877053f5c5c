/**
 * The {@code schedctl} command: the simulated scheduler's policy, statistics, tasks, trace and
 * settings, and the attention scheduler ({@code schedctl transformer}, {@code schedctl eval},
 * {@code schedctl transformer adapt}).
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app}, picocli, {@code kos.sched}, {@code kos.attn},
 * {@code kos.lora}, {@code kos.nn}, {@code kos.sim}. Only other shell packages may import it.
 */
package kos.shell.schedctl;

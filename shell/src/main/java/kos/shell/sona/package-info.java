/**
 * The {@code sona} command: SONA continual learning ({@code kos.sona}) bound to the attention
 * scheduler through a scheduler observer: trajectories, MicroLoRA, EWC++, the ReasoningBank, the
 * three loops on virtual time, and the phase evaluation.
 *
 * <p><b>Imports.</b> {@code kos.shell}, picocli, {@code kos.sona}, {@code kos.attn}, {@code kos.lora},
 * {@code kos.nn}, {@code kos.sched}, {@code kos.sim}. Only other shell packages may import it.
 */
package kos.shell.sona;

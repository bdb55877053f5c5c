/**
 * The attention-scheduler commands ({@code schedctl transformer}, {@code schedctl eval},
 * {@code schedctl adapt}) and their session state.
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, {@code kos.attn},
 * {@code kos.sched}, {@code kos.lora}, {@code kos.nn}. Only other shell packages may import it.
 */
package kos.shell.attn;

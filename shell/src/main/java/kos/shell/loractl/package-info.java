/**
 * The {@code loractl} command: LoRA adapters in PEFT's format under the models directory (list,
 * info, train, merge, delete, forward).
 *
 * <p><b>Imports.</b> {@code kos.shell} (the command base, session and output), picocli, {@code kos.lora},
 * {@code kos.nn}, {@code kos.sim}. Only other shell packages may import it.
 */
package kos.shell.loractl;

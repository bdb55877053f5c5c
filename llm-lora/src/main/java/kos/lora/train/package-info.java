/**
 * The fine-tuner: datasets and splits, losses, the training loop with validation, early stopping and
 * cancellation, and its reports.
 *
 * <p>Entry point: {@link kos.lora.train.FineTuner}.
 *
 * <p><b>Imports.</b> {@code kos.nn}, {@code kos.simd}, {@code kos.sim}, Jackson. Never another AI
 * module ({@code kos.insights}, {@code kos.attn}), never {@code
 * jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell} (checked by
 * {@code kos.arch.ArchitectureTest}).
 */
package kos.lora.train;

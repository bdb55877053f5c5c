/**
 * The attention scheduler: a single-head self-attention model over the run queue that predicts next
 * CPU bursts ({@link kos.attn.AttentionModel}), the scheduling policy that decides with it, learns
 * online and falls back to CFS ({@link kos.attn.AttentionPolicy}, registered as {@code attention}
 * through {@link kos.attn.AttentionPolicyFactory}), its training and fine-tuning.
 *
 * <p><b>Imports.</b> {@code kos.sched} (the policy extension point), {@code kos.sim}, {@code kos.nn},
 * {@code kos.simd}. Never another AI module ({@code kos.insights}, {@code kos.lora}: LoRA wraps the
 * model's layers by name from outside), never {@code jdk.incubator.vector}, picocli, JLine, Logback or
 * {@code kos.shell} (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.attn;

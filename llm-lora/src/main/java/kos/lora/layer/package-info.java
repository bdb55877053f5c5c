/**
 * LoRA layers: {@link kos.lora.layer.LoraLinear} wraps a frozen {@link kos.nn.Linear} and adds
 * low-rank adapters ({@link kos.lora.layer.LoraAdapter}, configured by {@link
 * kos.lora.layer.LoraConfig}) that can be switched, merged and trained.
 *
 * <p><b>Imports.</b> {@code kos.nn}, {@code kos.simd}, {@code kos.sim}. Never another AI module
 * ({@code kos.insights}, {@code kos.attn}), never {@code
 * jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell} (checked by
 * {@code kos.arch.ArchitectureTest}).
 */
package kos.lora.layer;

/**
 * Adapters on disk in the PEFT layout (adapter_config.json and safetensors) and attaching them to
 * any model's {@link kos.nn.NamedLayers} by module name.
 *
 * <p><b>Imports.</b> {@code kos.lora.layer}, {@code kos.nn}, {@code kos.sim}, Jackson. Never
 * another AI module ({@code kos.insights}, {@code kos.attn}), never {@code
 * jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell} (checked by
 * {@code kos.arch.ArchitectureTest}).
 */
package kos.lora.peft;

/**
 * The neural-network pieces the AI modules share: tensors and parameters, {@link kos.nn.Linear}
 * layers behind the {@link kos.nn.LinearLayer} interface, {@link kos.nn.NamedLayers} (a model's
 * layers by module name, so LoRA can wrap any of them), optimizers (SGD, Adam) and safetensors files.
 *
 * <p><b>Imports.</b> {@code kos.sim}, {@code kos.simd} (its math), Jackson (the safetensors header) and
 * the JDK. The simulator packages ({@code kos.sim}, {@code kos.mem}, {@code kos.sched}) never import
 * this one; it never imports the AI modules, {@code jdk.incubator.vector} (the kernels do that),
 * picocli, JLine, Logback or {@code kos.shell} (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.nn;

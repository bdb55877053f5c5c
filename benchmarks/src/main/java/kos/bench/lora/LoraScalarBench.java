package kos.bench.lora;

import org.openjdk.jmh.annotations.Fork;

/** {@link LoraBench} on the scalar twin ({@code -Dkos.simd=scalar}), to show what the Vector API buys. */
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Dkos.simd=scalar"})
public class LoraScalarBench extends LoraBench {
}

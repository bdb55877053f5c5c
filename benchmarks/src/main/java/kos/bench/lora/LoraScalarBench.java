package kos.bench.lora;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link LoraBench} on the scalar twin. The property goes in {@code jvmArgsAppend} because
 * {@code ./kos bench} passes {@code -jvmArgsPrepend} on the command line, which replaces an
 * annotation's prepend list.
 */
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector", jvmArgsAppend = "-Dkos.simd=scalar")
public class LoraScalarBench extends LoraBench {}

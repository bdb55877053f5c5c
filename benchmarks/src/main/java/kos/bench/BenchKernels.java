package kos.bench;

import kos.simd.FloatKernels;
import kos.simd.Kernels;

/** The float kernels a benchmark's {@code impl} parameter names: "scalar" or one of the Panama widths. */
public final class BenchKernels {
    private BenchKernels() {}

    public static FloatKernels named(String impl) {
        return impl.equals("scalar")
                ? Kernels.scalar()
                : Kernels.panamaVariants().stream()
                        .filter(v -> v.name().equals(impl))
                        .findFirst()
                        .orElseThrow(() ->
                                new IllegalStateException("no " + impl + " kernels: is jdk.incubator.vector loaded?"));
    }
}

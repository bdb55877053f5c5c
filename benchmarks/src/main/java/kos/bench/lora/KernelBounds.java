package kos.bench.lora;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Read-bandwidth bounds for the LoRA benchmarks: how fast the bytes a kernel needs can arrive. */
final class KernelBounds {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    private KernelBounds() {}

    /**
     * The sum of all arrays (lengths multiples of 16) in eight independent lane-wise accumulators, each
     * float read once: a bound on reading them, not a kernel (its order is not the kernels').
     */
    static float sumAll(float[] a, float[] b, float[] c, float[] d) {
        FloatVector m = sum8(a).add(sum8(b)).add(sum8(c)).add(sum8(d));
        return m.lane(0);
    }

    private static FloatVector sum8(float[] a) {
        FloatVector m0 = FloatVector.zero(S), m1 = m0, m2 = m0, m3 = m0;
        FloatVector m4 = m0, m5 = m0, m6 = m0, m7 = m0;
        int i = 0;
        for (; i + 128 <= a.length; i += 128) {
            m0 = m0.add(FloatVector.fromArray(S, a, i));
            m1 = m1.add(FloatVector.fromArray(S, a, i + 16));
            m2 = m2.add(FloatVector.fromArray(S, a, i + 32));
            m3 = m3.add(FloatVector.fromArray(S, a, i + 48));
            m4 = m4.add(FloatVector.fromArray(S, a, i + 64));
            m5 = m5.add(FloatVector.fromArray(S, a, i + 80));
            m6 = m6.add(FloatVector.fromArray(S, a, i + 96));
            m7 = m7.add(FloatVector.fromArray(S, a, i + 112));
        }
        for (; i + 16 <= a.length; i += 16) {
            m0 = m0.add(FloatVector.fromArray(S, a, i));
        }
        return m0.add(m1).add(m2).add(m3).add(m4).add(m5).add(m6).add(m7);
    }
}

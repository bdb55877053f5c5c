package kos.simd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link FloatKernels} implementation once, at class load, and says why.
 *
 * <p>The Vector API one is used when the {@code jdk.incubator.vector} module is present, the
 * hardware prefers vectors of at least 256 bits, and the system property {@code kos.simd} is not
 * {@code scalar}. Otherwise the scalar twin is used. Both give the same bits, so the choice
 * changes speed, never results.
 */
public final class Kernels {
    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
    private static final Choice CHOICE = choose();

    private record Choice(FloatKernels kernels, String reason) {
    }

    private Kernels() {
    }

    /** The implementation in use. */
    public static FloatKernels get() {
        return CHOICE.kernels();
    }

    /** Why it was chosen, one line. */
    public static String reason() {
        return CHOICE.reason();
    }

    /** The scalar twin, always available. */
    public static FloatKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The Vector API implementation, or null when the module is not loaded. */
    public static FloatKernels panamaOrNull() {
        return vectorModulePresent() ? PanamaKernels.INSTANCE : null;
    }

    private static Choice choose() {
        Choice c = decide();
        LOG.debug("float kernels: {}", c.reason());
        return c;
    }

    private static Choice decide() {
        if (System.getProperty("kos.simd", "auto").trim().equalsIgnoreCase("scalar")) {
            return new Choice(ScalarKernels.INSTANCE, "scalar: forced by -Dkos.simd=scalar");
        }
        if (!vectorModulePresent()) {
            return new Choice(ScalarKernels.INSTANCE,
                    "scalar: module jdk.incubator.vector is not loaded (add --add-modules jdk.incubator.vector)");
        }
        int bits = preferredBits();
        if (bits < 256) {
            return new Choice(ScalarKernels.INSTANCE,
                    "scalar: the preferred vector size is " + bits + " bits; 256-bit vectors would be emulated");
        }
        return new Choice(PanamaKernels.INSTANCE, "panama-256: the preferred vector size is " + bits + " bits");
    }

    private static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static int preferredBits() {
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}

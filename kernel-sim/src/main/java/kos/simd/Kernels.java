package kos.simd;

import java.util.List;
import java.util.Locale;

/**
 * Chooses the {@link FloatKernels} implementation once, at class load, and says why; the chosen
 * one is created on first use ({@code version} prints the reason without setting up vectors).
 *
 * <p>The Vector API one is used when the {@code jdk.incubator.vector} module is present, the
 * hardware prefers vectors of at least 256 bits, and the system property {@code kos.simd} is not
 * {@code scalar}: {@link PanamaKernels512} where the preferred width is 512 bits or more (one
 * vector is the sixteen logical lanes), {@link PanamaKernels} at 256 bits (two vectors carry
 * them). {@code -Dkos.simd=panama-256} forces the 256-bit one. Otherwise the scalar twin is used.
 * All give the same bits, so the choice changes speed, never results.
 */
public final class Kernels {
    // No logging here: the first use of a logger sets up logging, a share of every start-up;
    // `./kos -v` logs the choice instead, and `version` prints it.
    private static final Choice CHOICE = decide();

    private enum Impl {
        SCALAR,
        PANAMA_256,
        PANAMA_512;

        FloatKernels instance() {
            return switch (this) {
                case SCALAR -> ScalarKernels.INSTANCE;
                case PANAMA_256 -> PanamaKernels.INSTANCE;
                case PANAMA_512 -> PanamaKernels512.INSTANCE;
            };
        }
    }

    private record Choice(Impl kernels, String reason) {}

    /** The chosen implementation, created when first asked for. */
    private static final class Chosen {
        static final FloatKernels KERNELS = CHOICE.kernels().instance();
    }

    private Kernels() {}

    /** The implementation in use. */
    public static FloatKernels get() {
        return Chosen.KERNELS;
    }

    /** Why it was chosen, one line. */
    public static String reason() {
        return CHOICE.reason();
    }

    /** The scalar twin, always available. */
    public static FloatKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The Vector API implementation for this hardware's preferred width, or null when the module is not loaded. */
    public static FloatKernels panamaOrNull() {
        if (!vectorModulePresent()) {
            return null;
        }
        return preferredBits() >= 512 ? PanamaKernels512.INSTANCE : PanamaKernels.INSTANCE;
    }

    /** Every Vector API implementation (256- and 512-bit), for tests; empty when the module is not loaded. */
    public static List<FloatKernels> panamaVariants() {
        return vectorModulePresent() ? List.of(PanamaKernels.INSTANCE, PanamaKernels512.INSTANCE) : List.of();
    }

    private static Choice decide() {
        String forced = System.getProperty("kos.simd", "auto").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("scalar")) {
            return new Choice(Impl.SCALAR, "scalar: forced by -Dkos.simd=scalar");
        }
        if (!vectorModulePresent()) {
            return new Choice(
                    Impl.SCALAR,
                    "scalar: module jdk.incubator.vector is not loaded (add --add-modules jdk.incubator.vector)");
        }
        int bits = preferredBits();
        if (bits < 256) {
            return new Choice(
                    Impl.SCALAR,
                    "scalar: the preferred vector size is " + bits + " bits; 256-bit vectors would be emulated");
        }
        if (bits >= 512 && !forced.equals("panama-256")) {
            return new Choice(Impl.PANAMA_512, "panama-512: the preferred vector size is " + bits + " bits");
        }
        return new Choice(
                Impl.PANAMA_256,
                "panama-256: the preferred vector size is " + bits + " bits"
                        + (bits >= 512 ? " (256 forced by -Dkos.simd=panama-256)" : ""));
    }

    private static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static int preferredBits() {
        // The shape FloatVector.SPECIES_PREFERRED has, without initialising FloatVector and its species.
        return jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize();
    }
}

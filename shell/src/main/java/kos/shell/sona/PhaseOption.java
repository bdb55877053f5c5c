package kos.shell.sona;

import kos.sim.Quantities;
import picocli.CommandLine.Option;

/** {@code --phase}: the length of each phase (A, B, A) of a SONA evaluation, for {@code sona eval} and {@code sona report}. */
final class PhaseOption {
    @Option(
            names = "--phase",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "Length of each phase (default ${DEFAULT-VALUE}).")
    String phase;

    /** The phase length in nanoseconds of virtual time. */
    long ns() {
        return Quantities.parseDuration(phase);
    }
}
